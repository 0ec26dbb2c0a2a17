import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { FaultProxy, isResume, type FaultPlan, type ProxiedRequest } from '../fixtures/attack-26-fault-proxy'
import { pendingInterrupts } from '../fixtures/langgraph-server'
import { waitFor } from '../fixtures/sync-fixtures'
import { approveFirst, outboxStates, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26b: the evidence the delivery check reads (the thread's history and runs) answered badly
// by the server or a gateway in front of it, against a real `langgraphjs dev` server.

const langgraph = withLangGraph('countersign-a26b-evidence-')
let proxy: FaultProxy | undefined

/** The app behind a FaultProxy the test steers (`proxy`). */
async function openBehindProxy(tag: string): Promise<AppServices> {
  const opened = await langgraph.openAppBehindProxy(tag)
  proxy = opened.proxy
  return opened.app
}

const isHistory = (request: ProxiedRequest) => request.method === 'POST' && /^\/threads\/[^/]+\/history$/.test(request.path)
const isRuns = (request: ProxiedRequest) => request.method === 'GET' && /^\/threads\/[^/]+\/runs\?/.test(request.path)

describe('the delivery evidence answered badly', () => {
  it('the history answers 500 right after the resume: delivered once, one resume run, and the signed record on the thread', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-e1' })
    const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
    const services = await openBehindProxy('a26b-e1')
    let failing = true
    proxy!.plan = (request) => (failing && isHistory(request) ? { kind: 'answer', status: 500, body: '{"detail":"boom"}' } : { kind: 'forward' })
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.lastError !== null || status.pendingPushes === 0, 15_000)
    await langgraph.server.settledThread(threadId)
    failing = false
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['sent as proposed'])
    expect(await langgraph.server.runCount(threadId)).toBe(2)
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
    // README: "The signed envelope is then written to the thread's metadata (countersign:<interrupt id>)".
    expect(finished.metadata[`countersign:${interrupt!.id}`]).toBeTruthy()
  }, 120_000)

  it('a history without metadata.run_id (a gateway stripping checkpoint metadata): the approval the graph took is not reported decided elsewhere', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-e2' })
    const services = await openBehindProxy('a26b-e2')
    proxy!.plan = (request) =>
      isHistory(request)
        ? {
            kind: 'rewrite',
            rewrite: (status, body) => ({ status, body: status === 200 ? JSON.stringify((JSON.parse(body) as { metadata?: unknown }[]).map((entry) => ({ ...entry, metadata: null }))) : body })
          }
        : { kind: 'forward' }
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.lastError !== null || status.pendingPushes === 0, 20_000)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['sent as proposed'])
    // The graph took the reviewer's approval: "answered elsewhere; the graph ran on that answer, not this one" is false.
    expect(outboxStates(services)).not.toEqual([{ state: 'conflict', code: 'already-decided' }])
  }, 120_000)

  it('the runs listing in another order (oldest first): a colleague’s run copying the decision metadata does not make the app’s answer read delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-e3' })
    const services = await openBehindProxy('a26b-e3')
    let raced = false
    proxy!.plan = async (request: ProxiedRequest): Promise<FaultPlan> => {
      if (!raced && isResume(request)) {
        raced = true
        // A colleague's tool (e.g. a "retry this run" button) answers first, copying the app's run metadata.
        const { metadata } = JSON.parse(request.body) as { metadata: unknown }
        const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
        await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', metadata, command: { resume: { [interrupt!.id]: [{ type: 'ignore', args: null }] } } })
        // The app's own resume reaches the server, but its answer is lost: the next push reads the runs.
        return { kind: 'forward-then-drop' }
      }
      if (isRuns(request)) return { kind: 'rewrite', rewrite: (status, body) => ({ status, body: status === 200 ? JSON.stringify((JSON.parse(body) as unknown[]).reverse()) : body }) }
      return { kind: 'forward' }
    }
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
    await langgraph.server.settledThread(threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['ignored'])
    expect(outboxStates(services)).not.toEqual([{ state: 'delivered', code: null }])
  }, 120_000)

  it('a history without parent_checkpoint (an older or trimmed API): the approval the graph took neither reads "not applied" nor, redone, waits "to send" forever', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-e4' })
    const services = await openBehindProxy('a26b-e4')
    proxy!.plan = (request) =>
      isHistory(request)
        ? {
            kind: 'rewrite',
            rewrite: (status, body) => ({ status, body: status === 200 ? JSON.stringify((JSON.parse(body) as Record<string, unknown>[]).map(({ parent_checkpoint: _dropped, ...entry }) => entry)) : body })
          }
        : { kind: 'forward' }
    await approveFirst(services, threadId)
    for (let pass = 0; pass < 3; pass++) {
      await services.sync.syncNow()
      await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
      await langgraph.server.settledThread(threadId)
    }
    const finished = await langgraph.server.settledThread(threadId)
    const first = outboxStates(services)
    expect(finished.values.done).toEqual(['sent as proposed'])
    // If it reads not applied, the reviewer is told to decide again: a redo must not sit "to send" forever.
    const [entry] = services.undelivered.list()
    if (entry?.canRedo) {
      const casePk = services.undelivered.resolve(entry.decisionId, 'redo')
      const again = services.review.caseDetail(casePk)
      await services.review.decide({ casePk: again.casePk, revision: again.reviewCase.revision, shownContentHash: again.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
      for (let pass = 0; pass < 4; pass++) {
        await services.sync.syncNow()
        await new Promise((resolve) => setTimeout(resolve, 1_000))
      }
      // The thread finished long ago: the redone decision must settle one way or the other, not stay "to send".
      expect(services.sync.status()[0]!.pendingPushes).toBe(0)
    }
    expect(first).toEqual([{ state: 'delivered', code: null }])
  }, 180_000)
})
