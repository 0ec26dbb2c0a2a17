import { describe, expect, it } from 'vitest'
import { waitFor } from '../fixtures/sync-fixtures'
import { approveFirst, outboxStates, threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26b: the delivery check reads "delivered" only when the checkpoint after the one that
// waited on the interrupt was written by the decision's run. A node that calls interrupt() twice
// (LangGraph's documented "multiple interrupts in a single node") writes no new checkpoint when
// its first interrupt is answered: the node runs again, takes the answer, and stops at the second
// interrupt on the same checkpoint. The graph took the reviewer's answer, but the history shows no
// child checkpoint, and the first interrupt is no longer listed on any checkpoint.

const langgraph = withLangGraph('countersign-a26b-same-node-')

describe('two interrupts in one node', () => {
  it('the first is approved and the graph takes it: the approval reads delivered, not "not applied"', async () => {
    const threadId = await langgraph.server.interruptedThread('samenode', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-s1' })
    const services = await langgraph.openApp('a26b-s1')
    expect(threadRows(services, threadId)).toHaveLength(1)
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
    await langgraph.server.settledThread(threadId)
    // The graph did take the approval: it now waits on the node's second question.
    const state = await langgraph.server.call<{ tasks: { interrupts: { value: { description: string }[] }[] }[] }>('GET', `/threads/${threadId}/state`)
    const asked = state.tasks.flatMap((task) => task.interrupts.map((interrupt) => interrupt.value[0]!.description))
    expect(asked).toEqual(['Then, in the same node: close the ticket?'])
    expect(await langgraph.server.runCount(threadId)).toBe(2)
    // The reviewer's approval reached the graph: it must read delivered, with nothing listed as not applied.
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
    expect(services.undelivered.list()).toEqual([])
  }, 120_000)
})
