import Database from 'better-sqlite3'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { pendingInterrupts } from '../fixtures/langgraph-server'
import { waitFor } from '../fixtures/sync-fixtures'
import { threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 19 on a real langgraphjs dev server: the graph's state is edited while its interrupt
// waits (the recipient changed), after the reviewer approved the email to the first recipient.
// LangGraph still lists the old interrupt (old id, old arguments); the resume keyed by that id
// matches nothing in the re-run node, which interrupts again with the new arguments. LangGraph
// keeps the approval off the new arguments (held); but the app reported the approval delivered,
// as if the email had gone to ann, though the graph dropped it. Now a decision goes only to an
// interrupt the thread's head checkpoint still waits on; any other is listed as not applied.

const langgraph = withLangGraph('countersign-a19-lg-')

it('an approval answered by a re-interrupt (state edited under the interrupt) is not reported as applied', async () => {
  const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a19' })
  const app = await langgraph.openApp('a19', { dataDirName: 'app' })
  const dataDir = join(langgraph.dir, 'app')
  const [row] = threadRows(app, threadId)
  const seen = app.review.caseDetail(row!.casePk)
  expect(JSON.stringify(seen.reviewCase.proposal)).toContain('ann@example.com')

  // The recipient is changed in the thread's state; the interrupt LangGraph lists is still the old one.
  await langgraph.server.call('POST', `/threads/${threadId}/state`, { values: { to: 'mallory@evil.example' } })
  await app.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
  await app.sync.syncNow()
  await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0)
  const settled = await langgraph.server.settledThread(threadId)
  console.log('attack-19 lg:', settled.status, JSON.stringify(settled.values), JSON.stringify(pendingInterrupts(settled)).slice(0, 160))
  const db = new Database(join(dataDir, 'countersign.sqlite'), { readonly: true })
  const outbox = db.prepare<[], { state: string }>('SELECT state FROM outbox').all()
  db.close()
  await app.sync.syncNow()
  const again = threadRows(app, threadId)
  // Measured: the graph did nothing with the approval (nothing sent, `done` empty) and asks again,
  // to mallory, in a new case titled as the old one ("send_email · inbox"); the approval of the
  // email to ann is 'delivered', listed nowhere as not applied.
  expect(settled.values.done).toEqual([])
  expect(again.map((candidate) => candidate.title)).toEqual(['send_email · inbox'])
  expect({ outbox: outbox.map((entry) => entry.state), undelivered: app.undelivered.list().length }).not.toEqual({ outbox: ['delivered'], undelivered: 0 })
  // Listed as not applied, saying the agent's state changed under the question and what it asks now.
  const [notApplied, ...others] = app.undelivered.list()
  expect(others).toEqual([])
  expect(notApplied).toMatchObject({ code: 'revised', caseTitle: 'send_email · inbox' })
  expect(notApplied!.detail).toMatch(/state changed under this question/)
  expect(notApplied!.detail).toContain('It now asks: send_email {"to":"mallory@evil.example"')
  // The graph answered nothing: no answer reached it, and it asks again, once, with the new arguments.
  expect(settled.values.answers).toEqual([])
  expect(pendingInterrupts(settled)).toHaveLength(1)
  // The new question is a new case showing the new arguments; the old one is withdrawn.
  expect(again.map((candidate) => candidate.caseId)).not.toContain(row!.caseId)
  const asked = JSON.stringify(app.review.caseDetail(again[0]!.casePk).reviewCase.proposal)
  expect(asked).toContain('mallory@evil.example')
  expect(asked).not.toContain('ann@example.com')
}, 120_000)

it('one call of a middleware interrupt decided after the state was edited under it: not stored on the thread, not applied, and both calls asked again', async () => {
  const threadId = await langgraph.server.interruptedThread('middleware', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a19m' })
  const app = await langgraph.openApp('a19m')
  const [first, second] = threadRows(app, threadId)
  expect([first!.caseId, second!.caseId].map((caseId) => caseId.slice(-2))).toEqual(['#1', '#2'])
  const seen = app.review.caseDetail(first!.casePk)

  await langgraph.server.call('POST', `/threads/${threadId}/state`, { values: { to: 'mallory@evil.example' } })
  await app.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
  await app.sync.syncNow()
  await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0)
  const settled = await langgraph.server.settledThread(threadId)
  // Nothing of the decision is on the thread: a later decision on the second call cannot complete the old answer.
  expect(Object.keys(settled.metadata).filter((key) => key.startsWith('countersign:'))).toEqual([])
  expect(settled.values.answers).toEqual([])
  const [notApplied, ...others] = app.undelivered.list()
  expect(others).toEqual([])
  expect(notApplied).toMatchObject({ code: 'revised' })
  expect(notApplied!.detail).toContain('It now asks: send_email {"to":"mallory@evil.example","subject":"Refund"}; delete_record')

  await app.sync.syncNow()
  const again = threadRows(app, threadId)
  expect(again.map((row) => row.caseId.slice(-2))).toEqual(['#1', '#2'])
  expect(again.map((row) => row.caseId)).not.toContain(first!.caseId)
  expect(JSON.stringify(app.review.caseDetail(again[0]!.casePk).reviewCase.proposal)).toContain('mallory@evil.example')
}, 120_000)
