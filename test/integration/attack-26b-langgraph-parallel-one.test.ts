import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { waitFor } from '../fixtures/sync-fixtures'
import { outboxStates, threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26b: two parallel branches each interrupt (the fixture's `parallel` graph). The reviewer
// answers one of the two. LangGraph runs the answered branch's task on the resume, but the
// superstep does not finish (the other branch still waits), so no checkpoint follows the one that
// waited: the delivery check finds no child checkpoint for the answered interrupt.

const langgraph = withLangGraph('countersign-a26b-parallel-one-')

describe('two parallel interrupts, one answered', () => {
  it('the answered branch takes the approval: it reads delivered, and the other is still pending', async () => {
    const threadId = await langgraph.server.interruptedThread('parallel', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-p1' })
    const services = await langgraph.openApp('a26b-p1')
    const rows = threadRows(services, threadId)
    expect(rows).toHaveLength(2)
    const seen = services.review.caseDetail(rows[0]!.casePk)
    await services.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
    await langgraph.server.settledThread(threadId)
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
    // Only the other branch is left to decide (the answered one is not shown as a breakpoint).
    await services.sync.syncNow()
    const left = threadRows(services, threadId)
    expect(left.map((row) => row.casePk)).toEqual([rows[1]!.casePk])
    const detail = services.review.caseDetail(left[0]!.casePk)
    await services.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, shownContentHash: detail.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values['done']).toContain('refund: sent as proposed')
    // The first approval was taken by the graph (its branch ran on it): it must not read as not applied.
    expect(outboxStates(services)).toEqual([
      { state: 'delivered', code: null },
      { state: 'delivered', code: null }
    ])
    expect(services.undelivered.list()).toEqual([])
  }, 120_000)

  it('a second reviewer approves the branch the first one already answered: it settles as decided elsewhere, and no second answer reaches the graph', async () => {
    const threadId = await langgraph.server.interruptedThread('parallel', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26b-p2' })
    const first = await langgraph.openApp('a26b-p2', { dataDirName: 'app-a26b-p2-first' })
    const second = await langgraph.openApp('a26b-p2', { dataDirName: 'app-a26b-p2-second', reviewer: 'second@example.com' })
    const approveBranch = async (services: AppServices) => {
      const row = threadRows(services, threadId).find((candidate) => candidate.caseId.endsWith(branch))!
      const seen = services.review.caseDetail(row.casePk)
      await services.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    }
    const branch = threadRows(first, threadId)[0]!.caseId.split(':').pop()!
    await approveBranch(first)
    await first.sync.syncNow()
    await waitFor(() => first.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
    await langgraph.server.settledThread(threadId)
    expect(outboxStates(first)).toEqual([{ state: 'delivered', code: null }])
    const runsBefore = await langgraph.server.runCount(threadId)
    // The second reviewer's app synced before the first answer went: it still shows that branch.
    await approveBranch(second)
    await second.sync.syncNow()
    await waitFor(() => second.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000)
    expect(outboxStates(second)).toEqual([{ state: 'conflict', code: 'already-decided' }])
    expect(second.sync.status()[0]!.pendingPushes).toBe(0)
    expect(await langgraph.server.runCount(threadId)).toBe(runsBefore)
    // The branch still waiting is listed once, and the answered one is no breakpoint.
    const titles = threadRows(second, threadId).map((row) => String(second.review.caseDetail(row.casePk).reviewCase['title']))
    expect(titles).toHaveLength(1)
    expect(titles[0]).not.toMatch(/breakpoint/i)
  }, 120_000)
})
