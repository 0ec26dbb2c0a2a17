import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { FaultProxy, isResume, type FaultPlan, type ProxiedRequest } from '../fixtures/attack-26-fault-proxy'
import { pendingInterrupts } from '../fixtures/langgraph-server'
import { waitFor } from '../fixtures/sync-fixtures'
import { approveFirst, outboxStates, withLangGraph } from '../fixtures/with-langgraph'

// Attack 27: the delivery check that reads the thread's runs (answer-evidence.ts: threadRuns,
// interruptTaker, runCarrying) against a real `langgraphjs dev` server, some behind a proxy.

const langgraph = withLangGraph('countersign-a27-runs-')
let proxy: FaultProxy | undefined

/** The app behind a FaultProxy the test steers (`proxy`). */
async function openBehindProxy(tag: string): Promise<AppServices> {
  const opened = await langgraph.openAppBehindProxy(tag)
  proxy = opened.proxy
  return opened.app
}

const isRuns = (request: ProxiedRequest) => request.method === 'GET' && /^\/threads\/[^/]+\/runs\?/.test(request.path)

/** Rewrites each run of a `GET /threads/{id}/runs` answer. */
function rewriteRuns(each: (run: Record<string, unknown>) => Record<string, unknown>): FaultPlan {
  return { kind: 'rewrite', rewrite: (status, body) => ({ status, body: status === 200 ? JSON.stringify((JSON.parse(body) as Record<string, unknown>[]).map(each)) : body }) }
}

/** On the app's first resume, a colleague answers the interrupt with "ignore" first (a run that finishes), then the app's resume is forwarded. */
function colleagueFirst(threadId: string, runsPlan: (request: ProxiedRequest) => FaultPlan, sameSecond = false): (request: ProxiedRequest) => Promise<FaultPlan> {
  let raced = false
  return async (request) => {
    if (!raced && isResume(request)) {
      raced = true
      // Both runs created within one wall-clock second: start just after a second begins.
      if (sameSecond) await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 20))
      const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
      await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', command: { resume: { [interrupt!.id]: [{ type: 'ignore', args: null }] } } })
      return { kind: 'forward' }
    }
    if (isRuns(request)) return runsPlan(request)
    return { kind: 'forward' }
  }
}

async function pushUntilSettled(services: AppServices, threadId: string, passes = 2): Promise<void> {
  for (let pass = 0; pass < passes; pass++) {
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    await langgraph.server.settledThread(threadId)
  }
}

describe('attack 27: whose answer the thread took, read from its runs', () => {
  it('a gateway that trims kwargs from the runs listing: a colleague’s earlier answer does not make the app’s dropped answer read delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-kw' })
    const services = await openBehindProxy('a27-kw')
    // answer-evidence.ts: "A run listed without its kwargs (a gateway that trims them) counts as answering the interrupts its carried decisions name, and no others."
    proxy!.plan = colleagueFirst(threadId, () => rewriteRuns(({ kwargs: _trimmed, ...run }) => run))
    await approveFirst(services, threadId)
    await pushUntilSettled(services, threadId)
    const finished = await langgraph.server.settledThread(threadId)
    // The graph ran on the colleague's "ignore", not the reviewer's approval.
    expect(finished.values.done).toEqual(['ignored'])
    // Unclear evidence reads as such, not as someone else deciding first, and is not offered to decide again (that could answer twice).
    expect(outboxStates(services)).toEqual([{ state: 'rejected', code: 'unverified' }])
    const [entry] = services.undelivered.list()
    expect(entry!.detail).toMatch(/This decision is not counted as applied\.$/)
    expect(entry!.canRedo).toBe(false)
    expect(() => services.undelivered.resolve(entry!.decisionId, 'redo')).toThrow(/cannot tell whether the agent took this decision, and deciding again could answer twice/)
  }, 60_000)

  it('created_at to the second (a gateway or store with second precision): the colleague’s earlier answer does not make the app’s dropped answer read delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-sec' })
    const services = await openBehindProxy('a27-sec')
    // Listed newest first, as langgraph-api lists them from Postgres (`ORDER BY created_at DESC`); created_at to the second.
    proxy!.plan = colleagueFirst(threadId, () => ({
      kind: 'rewrite',
      rewrite: (status, body) => ({
        status,
        body:
          status === 200
            ? JSON.stringify(
                (JSON.parse(body) as Record<string, unknown>[])
                  .map((run) => ({ ...run, created_at: String(run['created_at']).replace(/\.\d+/, '') }))
                  .reverse()
              )
            : body
      })
    }), true)
    await approveFirst(services, threadId)
    await pushUntilSettled(services, threadId)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['ignored'])
    expect(outboxStates(services)).not.toEqual([{ state: 'delivered', code: null }])
  }, 60_000)

  it('a gateway that drops created_at from the runs listing: against langgraphjs dev (which lists runs oldest first) the colleague’s earlier answer does not make the app’s dropped answer read delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-nodate' })
    const services = await openBehindProxy('a27-nodate')
    // threadRuns: without created_at on every run, the listing is taken as newest first and reversed; langgraphjs dev lists oldest first.
    proxy!.plan = colleagueFirst(threadId, () => rewriteRuns(({ created_at: _dropped, ...run }) => run))
    await approveFirst(services, threadId)
    await pushUntilSettled(services, threadId)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['ignored'])
    expect(outboxStates(services)).not.toEqual([{ state: 'delivered', code: null }])
  }, 60_000)

  it('created_at from skewed clocks (two API replicas, one 2 s behind): the colleague’s earlier answer does not make the app’s dropped answer read delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-skew' })
    const services = await openBehindProxy('a27-skew')
    proxy!.plan = colleagueFirst(threadId, () =>
      rewriteRuns((run) => {
        const carries = typeof run['metadata'] === 'object' && run['metadata'] !== null && 'countersign_decisions' in (run['metadata'] as object)
        // The replica that created the app's run has a clock 2 s behind.
        return carries ? { ...run, created_at: new Date(Date.parse(run['created_at'] as string) - 2_000).toISOString() } : run
      })
    )
    await approveFirst(services, threadId)
    await pushUntilSettled(services, threadId)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['ignored'])
    expect(outboxStates(services)).not.toEqual([{ state: 'delivered', code: null }])
  }, 60_000)

  it('an earlier interrupt answered with a single value (LangGraph Studio’s Resume): the app’s approval of the next interrupt, which the graph took, reads delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('twice', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-studio' })
    // Someone answers the first interrupt (the email) in Studio: one resume value, not keyed by interrupt id.
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'twice', command: { resume: [{ type: 'accept', args: null }] } })
    const waiting = await langgraph.server.settledThread(threadId)
    expect(pendingInterrupts(waiting)).toHaveLength(1)
    const services = await langgraph.openApp('a27-studio')
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    const finished = await langgraph.server.settledThread(threadId)
    // The graph took the reviewer's approval of the ticket.
    expect(finished.values.done).toEqual(['sent as proposed', 'sent as proposed'])
    expect(await langgraph.server.runCount(threadId)).toBe(3)
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
  }, 60_000)

  it('a thread with more than 100 runs (a long-lived chat thread): the approval the graph took reads delivered, not decided elsewhere', async () => {
    // langgraphjs dev answers `GET /threads/{id}/runs?limit=100` with the OLDEST 100 runs (storage/ops.mjs: runs.slice(offset, limit), in creation order).
    const { thread_id: threadId } = await langgraph.server.call<{ thread_id: string }>('POST', '/threads', { metadata: { test: 'a27-many' } })
    // 101 turns, queued at once (each new input restarts the graph, which asks again).
    for (let turn = 0; turn < 101; turn++) {
      await langgraph.server.call('POST', `/threads/${threadId}/runs`, { assistant_id: 'inbox', input: { to: 'ann@example.com', subject: `Turn ${turn}` }, multitask_strategy: 'enqueue' })
    }
    // The thread is idle for a moment between queued runs: wait for the last turn's question.
    await waitFor(() => langgraph.server.thread(threadId), (thread) => thread.status === 'interrupted' && thread.values['subject'] === 'Turn 100', 60_000)
    expect(await langgraph.server.runCount(threadId)).toBe(100)
    const services = await langgraph.openApp('a27-many')
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    const finished = await langgraph.server.settledThread(threadId)
    // The graph took the reviewer's approval of the 101st turn's email.
    expect(finished.values.done?.at(-1)).toBe('sent as proposed')
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
  }, 60_000)

  it('a colleague’s resume run that failed before its node ran, then the owner’s retry asks again under the same interrupt id: the app’s approval the graph took reads delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-retry' })
    const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
    // A colleague's tool answers, but its run fails at once (here: a recursion limit of 0), before the node takes the answer.
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', config: { recursion_limit: 0 }, command: { resume: { [interrupt!.id]: [{ type: 'ignore', args: null }] } } }).catch(() => null)
    expect((await langgraph.server.settledThread(threadId)).status).toBe('error')
    // The owner runs the thread again (no input): the node runs again and asks again, under the same interrupt id.
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox' })
    const asking = await langgraph.server.settledThread(threadId)
    expect(pendingInterrupts(asking).map((pending) => pending.id)).toEqual([interrupt!.id])
    const services = await langgraph.openApp('a27-retry')
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    const finished = await langgraph.server.settledThread(threadId)
    // The graph took the reviewer's approval; the colleague's "ignore" never reached the node.
    expect(finished.values.done).toEqual(['sent as proposed'])
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
  }, 60_000)

  it('the app’s own resume run fails before its node runs, the graph asks again under the same interrupt id, the reviewer redoes: the redone approval the graph took reads delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-own' })
    const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
    const services = await openBehindProxy('a27-own')
    let failed = false
    // The run fails at once on the server (here: a recursion limit of 0 added on the way), before the node takes the answer.
    proxy!.plan = (request) => {
      if (failed || !isResume(request)) return { kind: 'forward' }
      failed = true
      return { kind: 'forward', body: JSON.stringify({ ...(JSON.parse(request.body) as object), config: { recursion_limit: 0 } }) }
    }
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    await langgraph.server.settledThread(threadId)
    // The owner runs the thread again: the node asks again, under the same interrupt id.
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox' })
    expect(pendingInterrupts(await langgraph.server.settledThread(threadId)).map((pending) => pending.id)).toEqual([interrupt!.id])
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    // The first answer reads "not applied: decide it again" (true: the node never ran on it); the reviewer redoes it.
    const [entry] = services.undelivered.list()
    expect(entry).toMatchObject({ code: 'not-applied', canRedo: true })
    const casePk = services.undelivered.resolve(entry!.decisionId, 'redo')
    const again = services.review.caseDetail(casePk)
    await services.review.decide({ casePk: again.casePk, revision: again.reviewCase.revision, shownContentHash: again.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 15_000)
    const finished = await langgraph.server.settledThread(threadId)
    // The graph ran on the redone approval.
    expect(finished.values.done).toEqual(['sent as proposed'])
    expect(await langgraph.server.runCount(threadId)).toBe(4)
    expect(outboxStates(services).at(-1)).toEqual({ state: 'delivered', code: null })
  }, 60_000)

  it('a user’s new message (multitask_strategy "interrupt") cancels the app’s run after its node took the approval: the outcome does not say the thread failed and waits on no decision', async () => {
    const threadId = await langgraph.server.interruptedThread('slowtail', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-cancel' })
    const services = await openBehindProxy('a27-cancel')
    let cancelled = false
    proxy!.plan = async (request) => {
      if (!cancelled && request.method === 'GET' && /^\/threads\/[^/]+\/runs\/[^/?]+$/.test(request.path)) {
        cancelled = true
        // The review node has taken the approval (the email went out); the agent is still working.
        const deadline = Date.now() + 5_000
        while (Date.now() < deadline) {
          const state = await langgraph.server.call<{ values: { done?: string[] } }>('GET', `/threads/${threadId}/state`)
          if (state.values.done?.includes('accept')) break
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        // The user sends the agent a new message; the chat UI interrupts the running run.
        await langgraph.server.call('POST', `/threads/${threadId}/runs`, { assistant_id: 'slowtail', input: { to: 'bob@example.com', subject: 'Next' }, multitask_strategy: 'interrupt' })
        // By the time the app looks, the new message's run has asked its own question. (While it is still
        // running the check reads the history, sees the app's run wrote a checkpoint and says delivered:
        // the verdict depends on when the app looks.)
        await langgraph.server.settledThread(threadId)
      }
      return { kind: 'forward' }
    }
    await approveFirst(services, threadId)
    await pushUntilSettled(services, threadId)
    const finished = await langgraph.server.settledThread(threadId, 30_000)
    const runs = await langgraph.server.call<{ status: string }[]>('GET', `/threads/${threadId}/runs?limit=100`)
    // The app's run was cancelled after the review node had taken the approval.
    // langgraphjs dev ends a running run cancelled this way as 'error' (queue.mjs: the abort throws), not 'interrupted'.
    expect(runs.map((run) => run.status)).toEqual(['success', 'error', 'success'])
    expect(finished.values.done).toContain('accept')
    // The thread did not fail: it runs on the new message and asks a new question.
    expect(finished.status).toBe('interrupted')
    const [outcome] = services.db.prepare<[], { state: string; detail: string | null }>('SELECT state, last_error AS detail FROM outbox').all()
    // The graph took the reviewer's approval (the email went out): delivered. At the least, not "its run failed … waits on no decision".
    expect(outcome!.detail ?? '').not.toMatch(/waits on no decision/)
  }, 60_000)

  it('the app’s run is cancelled (Cancel in the chat UI) while its node redoes the work before interrupt(), the reviewer redoes as told: the redone approval the graph took reads delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('slowhead', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-slowhead' })
    const services = await openBehindProxy('a27-slowhead')
    let cancelled = false
    proxy!.plan = async (request) => {
      const poll = request.path.match(/^\/threads\/([^/]+)\/runs\/([^/?]+)$/)
      if (!cancelled && request.method === 'GET' && poll) {
        cancelled = true
        // 250 ms into the run: the node is still drafting, before interrupt() returned the answer.
        await langgraph.server.call('POST', `/threads/${poll[1]}/runs/${poll[2]}/cancel`)
      }
      return { kind: 'forward' }
    }
    await approveFirst(services, threadId)
    await pushUntilSettled(services, threadId)
    // langgraphjs dev ends a running run cancelled this way as 'error', not 'interrupted' (queue.mjs).
    const runs = await langgraph.server.call<{ status: string }[]>('GET', `/threads/${threadId}/runs?limit=100`)
    expect(runs.map((run) => run.status)).toEqual(['success', 'error'])
    // The app says so rightly: not applied, decide it again.
    const [entry] = services.undelivered.list()
    expect(entry).toMatchObject({ code: 'not-applied', canRedo: true })
    const casePk = services.undelivered.resolve(entry!.decisionId, 'redo')
    const again = services.review.caseDetail(casePk)
    await services.review.decide({ casePk: again.casePk, revision: again.reviewCase.revision, shownContentHash: again.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await pushUntilSettled(services, threadId)
    const finished = await langgraph.server.settledThread(threadId)
    // The graph ran on the redone approval.
    expect(finished.values.done).toEqual(['accept'])
    expect(outboxStates(services).at(-1)).toEqual({ state: 'delivered', code: null })
  }, 60_000)

  it('a gateway that answers 404 to the runs listing (it allows only the thread and run routes it knows): nothing is sent or settled blind; once the runs can be read, the approval goes and reads delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a27-404' })
    const services = await openBehindProxy('a27-404')
    let hidden = true
    proxy!.plan = (request) => (hidden && isRuns(request) ? { kind: 'answer', status: 404, body: '{"detail":"Not Found"}' } : { kind: 'forward' })
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await services.sync.syncNow()
    // Without the runs, Countersign can neither check that no run of its own is on the way nor say whose answer the thread took.
    expect(await langgraph.server.runCount(threadId)).toBe(1)
    expect(services.sync.status()[0]!.pendingPushes).toBe(1)
    const [waiting] = services.db.prepare<[], { state: string; detail: string | null }>('SELECT state, last_error AS detail FROM outbox').all()
    expect(waiting!.detail).toContain('does not list this thread’s runs (HTTP 404)')
    hidden = false
    await pushUntilSettled(services, threadId)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['sent as proposed'])
    expect(await langgraph.server.runCount(threadId)).toBe(2)
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
  }, 60_000)
})
