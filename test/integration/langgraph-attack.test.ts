import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import type { DecisionRequest } from '../../shared/domain/decision'
import { pendingInterrupts, type LanggraphThread } from '../fixtures/langgraph-server'
import { waitFor } from '../fixtures/sync-fixtures'
import { withLangGraph } from '../fixtures/with-langgraph'

// The library-built agent (createAgent + humanInTheLoopMiddleware) on a real langgraphjs dev
// server, in configurations the main suite does not try.

const langgraph = withLangGraph('countersign-langgraph-attack-')
let testNumber = 0

async function openApp(): Promise<{ services: AppServices; tag: string }> {
  const tag = `a${++testNumber}`
  return { services: await langgraph.openApp(tag), tag }
}

function agentThread(tag: string, toolCalls: { name: string; args: unknown }[]): Promise<string> {
  return langgraph.server.interruptedThread('agent', { messages: [{ role: 'user', content: JSON.stringify({ toolCalls }) }] }, { test: tag })
}

function rows(app: AppServices) {
  return app.review.queuePage(0, 500).rows.filter((row) => row.workspaceName === 'Agents')
}

function toolCallCase(app: AppServices, threadId: string, call: number) {
  const ofThread = rows(app).filter((candidate) => candidate.caseId.startsWith(`${threadId}:`))
  const row = ofThread.length === 1 && call === 1 ? ofThread[0] : ofThread.find((candidate) => candidate.caseId.endsWith(`#${call}`))
  if (!row) throw new Error(`no case for call ${call} of thread ${threadId}: ${rows(app).map((r) => r.caseId).join(', ')}`)
  return app.review.caseDetail(row.casePk)
}

type Answer = Omit<DecisionRequest, 'casePk' | 'revision' | 'openedAt'>
function decideCase(app: AppServices, detail: ReturnType<AppServices['review']['caseDetail']>, answer: Answer) {
  return app.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, openedAt: new Date().toISOString(), ...answer })
}

function messagesOf(thread: LanggraphThread): { type: string; name?: string; status?: string; content: string }[] {
  return ((thread.values['messages'] ?? []) as { type: string; content: unknown; name?: string; status?: string }[])
    .filter((message) => message.type !== 'human')
    .map((message) => ({ type: message.type, ...(message.type === 'tool' ? { name: message.name } : {}), ...(message.status ? { status: message.status } : {}), content: String(message.content) }))
}

const email = (to: string, subject: string) => ({ name: 'send_email', args: { to, subject, body: `Hello ${to}.` } })

describe('the library-built agent, in configurations the main suite does not try', () => {
  it('two calls of the same tool in one turn: approve one, edit the other; each answer reaches its own call', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [email('ann@example.com', 'First'), email('bob@example.com', 'Second')])
    await app.sync.syncNow()
    expect(rows(app)).toHaveLength(2)
    const [first, second] = [toolCallCase(app, threadId, 1), toolCallCase(app, threadId, 2)]
    expect(first.reviewCase.title).not.toBe(second.reviewCase.title)
    await decideCase(app, second, { outcome: 'approve', editedValues: { text: JSON.stringify({ to: 'bob@example.com', subject: 'Second, edited', body: 'Hi Bob.' }) } })
    await decideCase(app, first, { outcome: 'approve' })
    await app.sync.syncNow()
    await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0)
    const finished = await langgraph.server.settledThread(threadId)
    expect(messagesOf(finished).filter((m) => m.type === 'tool')).toEqual([
      { type: 'tool', name: 'send_email', status: 'success', content: 'Sent "First" to ann@example.com: Hello ann@example.com.' },
      { type: 'tool', name: 'send_email', status: 'success', content: 'Sent "Second, edited" to bob@example.com: Hi Bob.' }
    ])
    expect(app.undelivered.list()).toEqual([])
  })

  it('a description carrying markdown, HTML and links (from the tool arguments) is kept as text, not lost', async () => {
    const { services: app, tag } = await openApp()
    const to = '<img src=x onerror=alert(1)>[click](javascript:alert(1))@example.com'
    const threadId = await agentThread(tag, [email(to, '**bold** <b>html</b> https://evil.example/')])
    await app.sync.syncNow()
    const detail = toolCallCase(app, threadId, 1)
    expect(detail.reviewCase.briefing).toContain(to)
  })

  it('a tool call whose args are not an object becomes a visible entry, and the thread is left alone', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [{ name: 'post_note', args: 'just a string' }, email('ann@example.com', 'Ok')])
    const before = await langgraph.server.thread(threadId)
    await app.sync.syncNow()
    if (before.status === 'interrupted') {
      // Whatever the server made of it, the interrupted thread is visible.
      expect(rows(app).filter((row) => row.caseId.startsWith(`${threadId}:`)).length).toBeGreaterThan(0)
    }
    expect(app.sync.status()[0]).toMatchObject({ lastError: null })
  })

  it('the middleware’s own payload with one call whose args are a string: still read as the middleware, the well-formed call answerable', async () => {
    // langchain 1.5's middleware passes the model's args through as they are: here `"just a string"`.
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [{ name: 'post_note', args: 'just a string' }, email('ann@example.com', 'Ok')])
    expect(JSON.stringify(pendingInterrupts(await langgraph.server.thread(threadId))[0]!.value)).toContain('"args":"just a string"')
    await app.sync.syncNow()
    const cases = rows(app).filter((row) => row.caseId.startsWith(`${threadId}:`))
    expect(cases.length).toBe(2)
    const oddCall = toolCallCase(app, threadId, 1).reviewCase
    expect(oddCall.options.map((option) => option.id)).toEqual(['approve', 'reject'])
    expect(oddCall.proposal).toMatchObject({ text: '"just a string"', editable: false })
    expect(toolCallCase(app, threadId, 2).reviewCase.options.map((option) => option.id)).toEqual(['approve', 'edit', 'reject'])
  })

  it('one call decided and stored, then the interrupt is answered elsewhere before the second: a conflict, and the thread is not resumed again', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [email('ann@example.com', 'One'), { name: 'post_note', args: { text: 'n' } }])
    await app.sync.syncNow()
    await decideCase(app, toolCallCase(app, threadId, 1), { outcome: 'approve' })
    await app.sync.syncNow()
    expect((await langgraph.server.settledThread(threadId)).status).toBe('interrupted')
    const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'agent', command: { resume: { [interrupt!.id]: { decisions: [{ type: 'reject', message: 'elsewhere' }, { type: 'reject', message: 'elsewhere' }] } } } })
    const runsBefore = await langgraph.server.runCount(threadId)
    await decideCase(app, toolCallCase(app, threadId, 2), { outcome: 'approve' })
    await app.sync.syncNow()
    const undelivered = await waitFor(() => app.undelivered.list(), (list) => list.length >= 1)
    expect(undelivered.map((item) => item.state)).toContain('conflict')
    expect(await langgraph.server.runCount(threadId)).toBe(runsBefore)
    const finished = await langgraph.server.settledThread(threadId)
    expect(messagesOf(finished).filter((m) => m.type === 'tool').map((m) => m.content)).toEqual(['elsewhere', 'elsewhere'])
  })

  it('a thread deleted after its case was pulled: the decision does not retry for ever, and the case is withdrawn', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [{ name: 'post_note', args: { text: 'n' } }])
    await app.sync.syncNow()
    const detail = toolCallCase(app, threadId, 1)
    await langgraph.server.call('DELETE', `/threads/${threadId}`).catch(async () => fetch(`${langgraph.server.url}/threads/${threadId}`, { method: 'DELETE' }))
    await decideCase(app, detail, { outcome: 'approve' })
    await app.sync.syncNow()
    const [gone] = await waitFor(() => app.undelivered.list(), (list) => list.length === 1, 15_000)
    expect(gone!.state).toMatch(/conflict|rejected/)
    expect(app.sync.status()[0]).toMatchObject({ pendingPushes: 0 })
  })

  it('a thread deleted while its case waits: withdrawn on the next pull', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [{ name: 'post_note', args: { text: 'n' } }])
    await app.sync.syncNow()
    const [row] = rows(app)
    expect(rows(app)).toHaveLength(1)
    expect(app.review.caseDetail(row!.casePk).endReason).toBeNull()
    await fetch(`${langgraph.server.url}/threads/${threadId}`, { method: 'DELETE' })
    await app.sync.syncNow()
    expect(rows(app)).toHaveLength(0)
    expect(app.sync.status()[0]).toMatchObject({ lastError: null })
    // The cache keeps why, for the notice on a case that leaves under the reviewer.
    expect(app.review.caseDetail(row!.casePk)).toMatchObject({ state: 'withdrawn', endReason: 'The thread was deleted.' })
  })
})
