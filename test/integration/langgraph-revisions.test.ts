import { expect, it } from 'vitest'
import { CLAIM_METADATA_KEY } from '../../electron/services/backends/langgraph/advisory-claim'
import { waitFor } from '../fixtures/sync-fixtures'
import { threadRows, withLangGraph } from '../fixtures/with-langgraph'

// A LangGraph server keeps no revisions, and its thread's `updated_at` moves with every metadata
// write (claims, decision markers). The cache numbers the revisions: a case keeps its revision
// while its content stays the same, and gets the next one when it changes, so a decision is never
// recorded against content the reviewer was not shown.

const langgraph = withLangGraph('countersign-langgraph-revisions-')

it('a request keeps its revision and times while the thread’s metadata is written, gets the next revision when its case changes, and a decision on the old one is refused', async () => {
  const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'revisions' })
  const app = await langgraph.openApp('revisions')
  const caseNow = () => app.review.caseDetail(threadRows(app, threadId)[0]!.casePk)
  const seen = caseNow()
  expect(seen.reviewCase.revision).toBe(1)

  // A colleague's client writes its claim: the thread's updated_at moves, the case does not.
  const before = await langgraph.server.thread(threadId)
  await new Promise((resolve) => setTimeout(resolve, 20))
  await langgraph.server.call('PATCH', `/threads/${threadId}`, { metadata: { [CLAIM_METADATA_KEY]: { holder: 'erin', expiresAt: new Date(Date.now() + 60_000).toISOString() } } })
  expect((await langgraph.server.thread(threadId) as unknown as { updated_at: string }).updated_at).not.toBe((before as unknown as { updated_at: string }).updated_at)
  await app.sync.syncNow()
  expect(caseNow()).toMatchObject({ reviewCase: seen.reviewCase, contentHash: seen.contentHash })
  expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null, quarantined: 0 })

  // The graph's owners raise its priority: other content, so the next revision; its times stay.
  await langgraph.server.call('PATCH', `/threads/${threadId}`, { metadata: { priority: 'urgent' } })
  await app.sync.syncNow()
  const revised = caseNow()
  expect(revised.reviewCase).toMatchObject({ revision: 2, ownership: { priority: 'urgent', createdAt: seen.reviewCase.ownership.createdAt, dueAt: seen.reviewCase.ownership.dueAt } })
  expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null, quarantined: 0 })

  const openedAt = new Date().toISOString()
  await expect(app.review.decide({ casePk: seen.casePk, revision: 1, shownContentHash: seen.contentHash, outcome: 'approve', openedAt })).rejects.toMatchObject({ code: 'revision-conflict' })
  await expect(app.review.decide({ casePk: seen.casePk, revision: 2, shownContentHash: seen.contentHash, outcome: 'approve', openedAt })).rejects.toMatchObject({ code: 'revision-conflict' })
  await app.review.decide({ casePk: revised.casePk, revision: 2, shownContentHash: revised.contentHash, outcome: 'approve', openedAt })
  await app.sync.syncNow()
  await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0)
  expect((await langgraph.server.settledThread(threadId)).status).not.toBe('interrupted')
}, 60_000)
