import { describe, expect, it } from 'vitest'
import { pendingInterrupts } from '../fixtures/langgraph-server'
import { waitFor } from '../fixtures/sync-fixtures'
import { outboxStates, threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26: decisions the LangGraph graph never applies, reported delivered.

const langgraph = withLangGraph('countersign-a26-lg-applied-')

function agentThread(graph: 'agent' | 'editonly', tag: string, toolCalls: { name: string; args: unknown }[]): Promise<string> {
  return langgraph.server.interruptedThread(graph, { messages: [{ role: 'user', content: JSON.stringify({ toolCalls }) }] }, { test: tag })
}

describe('decisions reported delivered that the graph never applied', () => {
  it('an edit that changes only the layout of the arguments, on a tool that allows edit and reject only, goes as the edit it is: the tool runs, the run does not fail', async () => {
    const threadId = await agentThread('editonly', 'a26e', [{ name: 'pay_vendor', args: { vendor: 'Acme', amount: 1200 } }])
    const app = await langgraph.openApp('a26e')
    const [row] = threadRows(app, threadId)
    const seen = app.review.caseDetail(row!.casePk)
    expect(seen.reviewCase.options.map((option) => option.id)).toEqual(['edit', 'reject'])
    const shown = seen.reviewCase.kind === 'text-approval' ? seen.reviewCase.proposal.text : ''
    // The reviewer reformats the arguments on one line (the values unchanged) and accepts.
    const relaid = JSON.stringify(JSON.parse(shown))
    expect(relaid).not.toBe(shown)
    await app.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', editedValues: { text: relaid }, openedAt: new Date(Date.now() - 5_000).toISOString() })
    await app.sync.syncNow()
    await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
    const settled = await langgraph.server.settledThread(threadId)
    const runs = await langgraph.server.call<{ status: string }[]>('GET', `/threads/${threadId}/runs?limit=10`)
    // Either the edit reaches the graph as an edit (the tool runs), or the decision is refused where the reviewer sees it.
    if (outboxStates(app)[0]!.state === 'delivered') expect(settled.status).not.toBe('error')
    expect(runs.map((run) => run.status)).not.toContain('error')
  }, 120_000)

  it('a plain accept on a tool that allows edit and reject only is refused when pressed, with what the call takes, and nothing is signed or sent', async () => {
    const threadId = await agentThread('editonly', 'a26p', [{ name: 'pay_vendor', args: { vendor: 'Acme', amount: 1200 } }])
    const app = await langgraph.openApp('a26p')
    const [row] = threadRows(app, threadId)
    const seen = app.review.caseDetail(row!.casePk)
    const decision = { casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve' as const, openedAt: new Date(Date.now() - 5_000).toISOString() }
    await expect(app.review.decide(decision)).rejects.toMatchObject({
      code: 'unknown-option',
      message: 'This request takes no plain acceptance: edit the proposal first (e), then a. Its answers are “Edit the arguments, then accept”, “Reject with a reason”.'
    })
    expect(outboxStates(app)).toEqual([])
    expect(app.review.caseDetail(seen.casePk).state).toBe('pending')
    // Edited, it goes, and the tool runs on the edited arguments.
    await app.review.decide({ ...decision, editedValues: { text: JSON.stringify({ vendor: 'Acme', amount: 1100 }) } })
    await app.sync.syncNow()
    await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
    expect(outboxStates(app)).toEqual([{ state: 'delivered', code: null }])
    expect((await langgraph.server.settledThread(threadId)).status).toBe('idle')
    expect(await langgraph.server.runCount(threadId)).toBe(2)
  }, 120_000)

  it('one call of two decided and stored on the thread, then a colleague answers the whole interrupt: the stored decision is not left reading as delivered', async () => {
    const threadId = await agentThread('agent', 'a26s', [
      { name: 'send_email', args: { to: 'ann@example.com', subject: 'One', body: 'Hi.' } },
      { name: 'post_note', args: { text: 'n' } }
    ])
    const app = await langgraph.openApp('a26s')
    const first = threadRows(app, threadId).find((row) => row.caseId.endsWith('#1'))!
    const seen = app.review.caseDetail(first.casePk)
    await app.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await app.sync.syncNow()
    // Stored on the thread, waiting for the other call's decision: sent, not delivered.
    await waitFor(() => app.db.prepare<[], { error: string | null }>('SELECT last_error AS error FROM outbox').get()!, (row) => row.error !== null, 20_000)
    expect(outboxStates(app)).toEqual([{ state: 'pending', code: null }])
    // A colleague rejects both calls in another client; the email is never sent.
    const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'agent', command: { resume: { [interrupt!.id]: { decisions: [{ type: 'reject', message: 'no' }, { type: 'reject', message: 'no' }] } } } })
    const finished = await langgraph.server.settledThread(threadId)
    const tools = ((finished.values['messages'] ?? []) as { type: string; content: unknown }[]).filter((message) => message.type === 'tool').map((message) => String(message.content))
    expect(tools).toEqual(['no', 'no'])
    const notApplied = await waitFor(async () => (await app.sync.syncNow(), app.undelivered.list()), (list) => list.length > 0, 20_000)
    console.log('a26 stored call then colleague:', JSON.stringify(outboxStates(app)), JSON.stringify(notApplied).slice(0, 300))
    // The approval of the email never reached the agent.
    expect(outboxStates(app)).toEqual([{ state: 'conflict', code: 'already-decided' }])
  }, 120_000)
})
