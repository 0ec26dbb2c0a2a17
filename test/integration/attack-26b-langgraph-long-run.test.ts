import { describe, expect, it } from 'vitest'
import { waitFor } from '../fixtures/sync-fixtures'
import { outboxStates, threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26b: after taking the answer, the agent keeps working (240 more steps, one checkpoint
// each). The delivery check reads the 10 latest checkpoints, then at most 200: by then the
// checkpoint that waited on the interrupt is out of reach.

const langgraph = withLangGraph('countersign-a26b-long-run-')

describe('the agent runs on after the answer', () => {
  it('240 checkpoints after the approval: it still reads delivered', async () => {
    // The graph's owner deploys it as an assistant allowing long runs (recursion_limit 1000).
    const assistant = await langgraph.server.call<{ assistant_id: string }>('POST', '/assistants', { graph_id: 'looper', config: { recursion_limit: 1000 }, name: 'long runs' })
    const { thread_id: threadId } = await langgraph.server.call<{ thread_id: string }>('POST', '/threads', { metadata: { test: 'a26b-l1' } })
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: assistant.assistant_id, input: { to: 'ann@example.com', subject: 'Refund' } })
    const services = await langgraph.openApp('a26b-l1')
    const [row] = threadRows(services, threadId)
    const seen = services.review.caseDetail(row!.casePk)
    await services.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 30_000)
    const thread = await langgraph.server.settledThread(threadId, 60_000)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 30_000)
    const history = await langgraph.server.call<unknown[]>('POST', `/threads/${threadId}/history`, { limit: 1000 })
    expect(history.length).toBeGreaterThan(240)
    expect(thread.status).toBe('idle')
    expect((thread.values as { done: string[]; steps: number }).done).toEqual(['accept'])
    expect((thread.values as { steps: number }).steps).toBe(240)
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
    expect(services.undelivered.list()).toEqual([])
  }, 180_000)
})
