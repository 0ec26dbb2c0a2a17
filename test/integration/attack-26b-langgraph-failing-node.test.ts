import { describe, expect, it } from 'vitest'
import { waitFor } from '../fixtures/sync-fixtures'
import { outboxStates, threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26b: the resumed node takes the approval and then fails (its tool errors), so the run
// ends in error and the thread stops with an error. The app must say what happened (the agent took
// the answer, its run failed, and why), and must not tell the reviewer to decide again: no request
// waits on a decision any more.

const langgraph = withLangGraph('countersign-a26b-failing-')

describe('the resumed node fails', () => {
  it('the approval is listed as taken by an agent that then failed, with its error, and is no longer the reviewer’s to redo', async () => {
    const threadId = await langgraph.server.interruptedThread('failing', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-f1' })
    const services = await langgraph.openApp('a26b-f1')
    const [row] = threadRows(services, threadId)
    const seen = services.review.caseDetail(row!.casePk)
    await services.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
    const thread = await langgraph.server.settledThread(threadId)
    expect(thread.status).toBe('error')
    await services.sync.syncNow()
    expect(outboxStates(services)).toEqual([{ state: 'rejected', code: 'agent-failed' }])
    const [entry] = services.undelivered.list()
    expect(entry!.detail).toContain('The agent took this answer, then its run failed: SMTP 421: service not available.')
    expect(entry!.detail).not.toContain('Decide it again')
    expect(entry!.canRedo).toBe(false)
    expect(() => services.undelivered.resolve(entry!.decisionId, 'redo')).toThrow()
    // The thread waits on no decision: its case leaves the queue, and one resume run was made.
    expect(threadRows(services, threadId)).toHaveLength(0)
    expect(await langgraph.server.runCount(threadId)).toBe(2)
  }, 120_000)
})
