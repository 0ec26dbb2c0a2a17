import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { FaultProxy, isResume, type ProxiedRequest } from '../fixtures/attack-26-fault-proxy'
import { pendingInterrupts } from '../fixtures/langgraph-server'
import { waitFor } from '../fixtures/sync-fixtures'
import { approveFirst, outboxStates, threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 28: the delivery check after its second rewrite (answer-evidence.ts interruptTaker /
// runsCarrying; langgraph-adapter.ts deliveryOutcome, listRuns, resumeThread) against a real
// `langgraphjs dev` server, some behind a FaultProxy.

const langgraph = withLangGraph('countersign-a28-')
let proxy: FaultProxy | undefined

async function openBehindProxy(tag: string): Promise<AppServices> {
  const opened = await langgraph.openAppBehindProxy(tag)
  proxy = opened.proxy
  return opened.app
}

const isRuns = (request: ProxiedRequest) => request.method === 'GET' && /^\/threads\/[^/]+\/runs\?/.test(request.path)

async function pushUntilSettled(services: AppServices, threadIds: string[], passes = 2): Promise<void> {
  for (let pass = 0; pass < passes; pass++) {
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    for (const threadId of threadIds) await langgraph.server.settledThread(threadId)
  }
}

describe('attack 28: the delivery check, second rewrite', () => {
  it('the user sends the agent a new message between the app’s check and its resume: the approval the graph dropped does not read delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a28-newmsg' })
    const [asked] = pendingInterrupts(await langgraph.server.thread(threadId))
    const services = await openBehindProxy('a28-newmsg')
    let raced = false
    proxy!.plan = async (request) => {
      if (!raced && isResume(request)) {
        raced = true
        // The chat UI sends a new message to the thread (a plain input run): the graph starts again and asks a new question.
        await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', input: { to: 'bob@example.com', subject: 'Another matter' } })
      }
      return { kind: 'forward' }
    }
    await approveFirst(services, threadId)
    await pushUntilSettled(services, [threadId])
    const finished = await langgraph.server.settledThread(threadId)
    // The reviewer's approval never reached a node: nothing was sent, the thread asks a new question (new interrupt id).
    expect(finished.values.done ?? []).toEqual([])
    expect(pendingInterrupts(finished).map((pending) => pending.id)).not.toContain(asked!.id)
    expect(finished.values['subject']).toBe('Another matter')
    // The app's run carried {<old id>: approve}; it was the only run that named the old interrupt, so it is taken as its taker.
    expect(outboxStates(services)).not.toEqual([{ state: 'delivered', code: null }])
  }, 60_000)

  it('a long-lived thread with 1,000 runs: the decision on it does not stay “to send” for ever with the whole backend in error and nothing under “Not applied”', async () => {
    const busyThread = await langgraph.server.interruptedThread('inbox', { to: 'old@example.com', subject: 'Long chat' }, { test: 'a28-1000' })
    const services = await openBehindProxy('a28-1000')
    // The thread's listing has 1,000 runs, as a long-lived chat thread on langgraphjs dev has (it answers `limit=1000`
    // with its oldest 1,000: storage/ops.mjs runs.slice(offset, limit)). Runs only ever grow: the state is permanent.
    proxy!.plan = (request) => {
      if (!isRuns(request) || !request.path.startsWith(`/threads/${busyThread}/`)) return { kind: 'forward' }
      return {
        kind: 'rewrite',
        rewrite: (status, body) => {
          if (status !== 200) return { status, body }
          const runs = JSON.parse(body) as Record<string, unknown>[]
          const filler = Array.from({ length: 1_000 - runs.length }, (_, index) => ({
            ...runs[0],
            run_id: `1ef00000-0000-6000-8000-${String(index).padStart(12, '0')}`,
            created_at: new Date(Date.parse(String(runs[0]!['created_at'])) - (1_000 - index) * 60_000).toISOString(),
            kwargs: { ...(runs[0]!['kwargs'] as object), command: null },
            status: 'success'
          }))
          return { status, body: JSON.stringify([...filler, ...runs]) }
        }
      }
    }
    await approveFirst(services, busyThread)
    for (let pass = 0; pass < 3; pass++) {
      await services.sync.syncNow()
      await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    }
    // Nothing was sent (the runs cannot be read whole), and the reviewer is told so under "Not applied"; the backend is not in error.
    expect(await langgraph.server.runCount(busyThread)).toBe(1)
    expect(outboxStates(services)).toEqual([{ state: 'rejected', code: 'unsupported' }])
    expect(services.sync.status()[0]).toMatchObject({ lastError: null, pendingPushes: 0, undelivered: 1 })
    expect(services.undelivered.list()[0]!.detail).toMatch(/^The thread has 1,000 runs or more/)
  }, 60_000)

  it('one call of a middleware interrupt decided and stored, then a colleague answers the interrupt: the thread does not keep the reviewer’s signed approval that never ran', async () => {
    const threadId = await langgraph.server.interruptedThread('middleware', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a28-stored' })
    const [asked] = pendingInterrupts(await langgraph.server.thread(threadId))
    const services = await langgraph.openApp('a28-stored')
    const rows = threadRows(services, threadId)
    expect(rows).toHaveLength(2)
    // The reviewer approves the email (call 1); the delete waits for a second look.
    const seen = services.review.caseDetail(rows.find((row) => row.caseId.endsWith('#1'))!.casePk)
    await services.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await services.sync.syncNow()
    // Stored on the thread, it waits for the other call ("retry": still pending in the outbox).
    await waitFor(() => langgraph.server.thread(threadId), (thread) => `countersign:${asked!.id}#1` in thread.metadata, 10_000)
    // A colleague in Agent Inbox rejects both calls; the graph runs on that.
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, {
      assistant_id: 'middleware',
      command: { resume: { [asked!.id]: { decisions: [{ type: 'reject', message: 'no' }, { type: 'reject', message: 'no' }] } } }
    })
    await pushUntilSettled(services, [threadId])
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['send_email: rejected (no)', 'delete_record: rejected (no)'])
    // The app rightly says decided elsewhere…
    expect(outboxStates(services)).not.toContainEqual({ state: 'delivered', code: null })
    // …and the thread, the record anyone reading it sees, no longer carries the reviewer's signed approval of the email.
    expect(finished.metadata[`countersign:${asked!.id}#1`] ?? null).toBeNull()
  }, 60_000)
})

describe('attack 28: a middleware interrupt decided across pushes', () => {
  /** Decides one tool call (`#<n>`) of a thread's middleware interrupt, as a reviewer who looked at it for 5 s. */
  async function decideCall(services: AppServices, threadId: string, call: number, outcome: 'approve' | 'reject' = 'approve'): Promise<void> {
    const row = threadRows(services, threadId).find((candidate) => candidate.caseId.endsWith(`#${call}`))
    const seen = services.review.caseDetail(row!.casePk)
    const reason = outcome === 'reject' ? { reasonCode: 'policy', note: 'Not this email.' } : {}
    await services.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome, ...reason, openedAt: new Date(Date.now() - 5_000).toISOString() })
  }

  it('call 1 stored, then call 2 sends both and that run fails before the node; the graph asks again and the reviewer redoes as told: the graph does not run on the stale stored approval while the redone rejection reads “decided elsewhere”', async () => {
    const threadId = await langgraph.server.interruptedThread('middleware', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a28-redo' })
    const [asked] = pendingInterrupts(await langgraph.server.thread(threadId))
    const services = await openBehindProxy('a28-redo')
    await decideCall(services, threadId, 1)
    await services.sync.syncNow()
    await waitFor(() => langgraph.server.thread(threadId), (thread) => `countersign:${asked!.id}#1` in thread.metadata, 10_000)
    // The resume carrying both calls fails at once on the server (a recursion limit of 0 added on the way), before the node takes the answer.
    let failed = false
    proxy!.plan = (request) => {
      if (failed || !isResume(request)) return { kind: 'forward' }
      failed = true
      return { kind: 'forward', body: JSON.stringify({ ...(JSON.parse(request.body) as object), config: { recursion_limit: 0 } }) }
    }
    await decideCall(services, threadId, 2)
    await pushUntilSettled(services, [threadId])
    // The owner runs the thread again: the node asks again, under the same interrupt id.
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'middleware' })
    expect(pendingInterrupts(await langgraph.server.settledThread(threadId)).map((pending) => pending.id)).toEqual([asked!.id])
    await pushUntilSettled(services, [threadId])
    // Both read "not applied: decide it again" (true: the node never ran on them). The reviewer redoes both.
    const entries = services.undelivered.list()
    expect(entries.map((entry) => entry.code)).toEqual(['not-applied', 'not-applied'])
    for (const entry of entries) services.undelivered.resolve(entry.decisionId, 'redo')
    await services.sync.syncNow()
    // On the second look the reviewer rejects the email, and approves the delete again.
    await decideCall(services, threadId, 1, 'reject')
    await decideCall(services, threadId, 2)
    await pushUntilSettled(services, [threadId], 3)
    const finished = await langgraph.server.settledThread(threadId)
    const states = services.db.prepare<[], { state: string; code: string | null; detail: string | null }>('SELECT state, outcome_code AS code, outcome_detail AS detail FROM outbox ORDER BY created_at').all()
    // The graph must not run on the first approval of the email, which the app reported not applied and the reviewer replaced.
    expect(finished.values.done?.[0]).toMatch(/^send_email: rejected/)
    // The redone decisions are not refused as another's: the graph runs on them.
    expect(states.slice(-2).map((entry) => entry.detail ?? '').join(' ')).not.toMatch(/reached the thread first/)
    expect(states.slice(-2).map((entry) => entry.state)).toEqual(['delivered', 'delivered'])
  }, 60_000)
})


describe('attack 28: a call that waits for one Countersign cannot decide', () => {
  it('an agent proposes an email and a 1.1 MB note in one turn; the reviewer approves the email: it does not wait “to send” for ever on the note no one can decide here', async () => {
    const text = 'line of the generated file\n'.repeat(42_000)
    const toolCalls = [
      { name: 'send_email', args: { to: 'ann@example.com', subject: 'Refund', body: 'Approved.' } },
      { name: 'post_note', args: { text } }
    ]
    const threadId = await langgraph.server.interruptedThread('agent', { messages: [{ role: 'user', content: JSON.stringify({ toolCalls }) }] }, { test: 'a28-huge' })
    const services = await langgraph.openApp('a28-huge')
    const rows = threadRows(services, threadId)
    expect(rows).toHaveLength(2)
    const note = services.review.caseDetail(rows.find((row) => row.caseId.endsWith('#2'))!.casePk).reviewCase
    // The note is a read-only case: it cannot be decided in Countersign.
    expect(note.options).toEqual([])
    const email = services.review.caseDetail(rows.find((row) => row.caseId.endsWith('#1'))!.casePk)
    await services.review.decide({ casePk: email.casePk, revision: email.reviewCase.revision, shownContentHash: email.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    for (let pass = 0; pass < 3; pass++) await services.sync.syncNow()
    // Not left "to send" for a decision on the note that Countersign will never make: the reviewer is told why, and nothing is stored or sent.
    expect(outboxStates(services)).toEqual([{ state: 'rejected', code: 'unsupported' }])
    expect(services.undelivered.list()[0]!.detail).toMatch(/^This request also proposes post_note, whose arguments are too long for Countersign to show whole/)
    expect(await langgraph.server.runCount(threadId)).toBe(1)
    expect(Object.keys((await langgraph.server.thread(threadId)).metadata).filter((key) => key.startsWith('countersign:'))).toEqual([])
  }, 60_000)
})
