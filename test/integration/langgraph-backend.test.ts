import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { langgraphAdapter } from '../../electron/services/backends/langgraph/langgraph-adapter'
import type { DecisionRequest } from '../../shared/domain/decision'
import type { DecisionEnvelope } from '../../shared/review-api/protocol'
import { pendingInterrupts, type GraphId, type LanggraphThread } from '../fixtures/langgraph-server'
import { REVIEWER, waitFor } from '../fixtures/sync-fixtures'
import { withLangGraph } from '../fixtures/with-langgraph'

const langgraph = withLangGraph('countersign-langgraph-')
let testNumber = 0

/** The app on a fresh data dir. Each test tags its threads and filters on the tag, so tests sharing the server never see each other's. */
async function openApp(): Promise<{ services: AppServices; tag: string }> {
  const tag = `t${++testNumber}`
  return { services: await langgraph.openApp(tag), tag }
}

function thread(tag: string, graph: GraphId): Promise<string> {
  return langgraph.server.interruptedThread(graph, { to: 'ann@example.com', subject: 'Refund' }, { test: tag })
}

interface ToolCallScript {
  name: string
  args: Record<string, unknown>
}

/** A thread of the library-built agent, whose scripted model makes exactly these tool calls in its first turn. */
function agentThread(tag: string, toolCalls: ToolCallScript[], graph: GraphId = 'agent'): Promise<string> {
  return langgraph.server.interruptedThread(graph, { messages: [{ role: 'user', content: JSON.stringify({ toolCalls }) }] }, { test: tag })
}

interface SerializedMessage {
  type: string
  content: unknown
  name?: string
  status?: string
  tool_calls?: { name: string; args: unknown }[]
}

/** The agent's messages after the human's: what the model asked, what each tool returned, its final answer. */
function messagesOf(thread: LanggraphThread): { type: string; name?: string; status?: string; content: string }[] {
  return ((thread.values['messages'] ?? []) as SerializedMessage[])
    .filter((message) => message.type !== 'human')
    .map((message) => ({ type: message.type, ...(message.type === 'tool' ? { name: message.name } : {}), ...(message.status ? { status: message.status } : {}), content: String(message.content) }))
}

function rows(app: AppServices) {
  return app.review.queuePage(0, 500).rows.filter((row) => row.workspaceName === 'Agents')
}

function caseOf(app: AppServices, threadId: string, interruptId?: string) {
  const row = rows(app).find((candidate) => candidate.caseId.startsWith(`${threadId}:`) && (!interruptId || candidate.caseId.endsWith(interruptId)))
  if (!row) throw new Error(`no case for thread ${threadId}`)
  return app.review.caseDetail(row.casePk)
}

/** The case for one tool call (1-based, in the order the model made them) of a thread's interrupt. */
function toolCallCase(app: AppServices, threadId: string, call: number) {
  const row = rows(app).find((candidate) => candidate.caseId.startsWith(`${threadId}:`) && candidate.caseId.endsWith(`#${call}`))
  if (!row) throw new Error(`no case for thread ${threadId}`)
  return app.review.caseDetail(row.casePk)
}

type Answer = Omit<DecisionRequest, 'casePk' | 'revision' | 'openedAt'>
async function decide(app: AppServices, threadId: string, answer: Answer, interruptId?: string) {
  return decideCase(app, caseOf(app, threadId, interruptId), answer)
}

function decideCase(app: AppServices, detail: ReturnType<AppServices['review']['caseDetail']>, answer: Answer) {
  return app.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, openedAt: new Date().toISOString(), ...answer })
}

function proposalOf(detail: ReturnType<AppServices['review']['caseDetail']>): unknown {
  return detail.reviewCase.kind === 'text-approval' ? detail.reviewCase.proposal : null
}

/** Pushes what is waiting and waits for the threads to finish their runs. */
async function deliver(app: AppServices, threadIds: string[]) {
  await app.sync.syncNow()
  await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0)
  return Promise.all(threadIds.map((id) => langgraph.server.settledThread(id)))
}

describe('LangGraph backend against a real langgraphjs dev server', () => {
  it('turns every pending interrupt into a case, in each payload format, and unknown shapes into a read-only case', async () => {
    const { services: app, tag } = await openApp()
    const [inbox, middleware, parallel, unknown] = [await thread(tag, 'inbox'), await thread(tag, 'middleware'), await thread(tag, 'parallel'), await thread(tag, 'unknown')]
    await app.sync.syncNow()
    expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
    expect(rows(app)).toHaveLength(6)

    const inboxCase = caseOf(app, inbox).reviewCase
    expect(inboxCase).toMatchObject({ kind: 'text-approval', revision: 1, title: 'send_email · inbox', proposal: { format: 'json', editable: true, destination: 'Tool call: send_email' } })
    expect(JSON.parse(inboxCase.kind === 'text-approval' ? inboxCase.proposal.text : '')).toEqual({ to: 'ann@example.com', subject: 'Refund', body: 'Hello ann@example.com,\n\nYour refund was approved.' })
    expect(inboxCase.options.map((option) => option.id)).toEqual(['approve', 'edit', 'respond', 'ignore'])
    expect(inboxCase.briefing).toContain('## Send this email?')
    expect(inboxCase.id).toBe(`${inbox}:${pendingInterrupts(await langgraph.server.thread(inbox))[0]!.id}`)

    // The Python spelling: one case per tool call, each with the decisions its tool allows.
    const [email, remove] = [toolCallCase(app, middleware, 1).reviewCase, toolCallCase(app, middleware, 2).reviewCase]
    expect(email.options.map((option) => option.id)).toEqual(['approve', 'edit', 'reject'])
    expect(remove.options.map((option) => option.id)).toEqual(['approve', 'reject'])
    expect(email.title).toBe('send_email (1 of 2) · middleware')
    expect(JSON.parse(email.kind === 'text-approval' ? email.proposal.text : '')).toEqual({ to: 'ann@example.com', subject: 'Refund' })
    expect(remove.kind === 'text-approval' && remove.proposal.editable).toBe(false)

    const parallelIds = pendingInterrupts(await langgraph.server.thread(parallel)).map((interrupt) => `${parallel}:${interrupt.id}`)
    expect(parallelIds).toHaveLength(2)
    expect(rows(app).filter((row) => row.caseId.startsWith(parallel)).map((row) => row.caseId).sort()).toEqual(parallelIds.sort())

    const unknownCase = caseOf(app, unknown).reviewCase
    expect(unknownCase.options).toEqual([])
    expect(unknownCase.proposal).toMatchObject({ editable: false, destination: 'The raw interrupt value' })
    expect(unknownCase.kind === 'text-approval' && JSON.parse(unknownCase.proposal.text)).toEqual({ question: 'Which warehouse?', choices: ['north', 'south'] })
    // Answering it is refused with a reason, and the thread is left alone.
    await decide(app, unknown, { outcome: 'approve' })
    await app.sync.syncNow()
    const [refused] = await waitFor(() => app.undelivered.list(), (list) => list.length === 1)
    expect(refused).toMatchObject({ state: 'rejected', code: 'unsupported' })
    expect(refused!.detail).toMatch(/does not recognise/)
    expect((await langgraph.server.thread(unknown)).status).toBe('interrupted')
  })

  it('resumes Agent Inbox interrupts with exactly the answer given: accept, edit, respond and ignore', async () => {
    const { services: app, tag } = await openApp()
    const threads = { accept: await thread(tag, 'inbox'), edit: await thread(tag, 'inbox'), respond: await thread(tag, 'inbox'), ignore: await thread(tag, 'inbox') }
    await app.sync.syncNow()
    const edited = JSON.stringify({ to: 'ann@example.com', subject: 'Your refund', body: 'Hi Ann, done.' }, null, 2)
    await decide(app, threads.accept, { outcome: 'approve' })
    const editReceipt = await decide(app, threads.edit, { outcome: 'approve', editedValues: { text: edited } })
    expect(editReceipt.outcome).toBe('approve-with-edits')
    await decide(app, threads.respond, { outcome: 'reject', reasonCode: 'tone', note: 'Too curt.' })
    await decide(app, threads.ignore, { outcome: 'choose-option', optionId: 'ignore' })
    const [accepted, edit, respond, ignore] = await deliver(app, Object.values(threads))

    expect(accepted!.values.answers).toEqual([{ type: 'accept', args: null }])
    expect(accepted!.values.done).toEqual(['sent as proposed'])
    expect(edit!.values.answers).toEqual([{ type: 'edit', args: { action: 'send_email', args: JSON.parse(edited) } }])
    expect(respond!.values.answers).toEqual([{ type: 'response', args: `Rejected by ${REVIEWER}: Wrong tone or wording. Too curt.` }])
    expect(ignore!.values.done).toEqual(['ignored'])
    for (const finished of [accepted, edit, respond, ignore]) expect(finished!.status).toBe('idle')

    // The signed decision travels in the thread's metadata, for the agent's owners to audit.
    const marker = Object.entries(edit!.metadata).find(([key]) => key.startsWith('countersign:'))![1] as { id: string; jws: string }
    expect(decodeJwt(marker.jws)).toMatchObject({ id: marker.id, outcome: 'approve-with-edits', reviewer: REVIEWER })
    expect(app.undelivered.list()).toEqual([])

    // Sent again (as after a crash before the answer was recorded): a duplicate, not a second resume.
    const { envelope } = app.db.prepare<[string], { envelope: string }>('SELECT envelope FROM outbox WHERE decision_id = ?').get(marker.id)!
    const adapter = langgraphAdapter({ config: { id: 'agents', kind: 'langgraph', name: 'Agents', url: langgraph.server.url, syncIntervalSeconds: 60 }, readApiKey: async () => null, reviewer: REVIEWER })
    expect(await adapter.push([JSON.parse(envelope) as DecisionEnvelope], AbortSignal.timeout(10_000))).toEqual([{ decisionId: marker.id, status: 'duplicate' }])
    expect(await langgraph.server.runCount(threads.edit)).toBe(2)
  })

  it('answers the Python-spelled middleware in its spelling, one decision per tool call, in order, once all are decided', async () => {
    const { services: app, tag } = await openApp()
    const [approve, edit] = [await thread(tag, 'middleware'), await thread(tag, 'middleware')]
    await app.sync.syncNow()
    await decideCase(app, toolCallCase(app, approve, 2), { outcome: 'reject', reasonCode: 'policy' })
    await app.sync.syncNow()
    // One of two decided: stored on the thread, which waits for the other.
    expect((await langgraph.server.settledThread(approve)).status).toBe('interrupted')
    await decideCase(app, toolCallCase(app, approve, 1), { outcome: 'approve' })
    await decideCase(app, toolCallCase(app, edit, 1), { outcome: 'approve', editedValues: { text: JSON.stringify({ to: 'ann@example.com', subject: 'Refund approved' }, null, 2) } })
    await decideCase(app, toolCallCase(app, edit, 2), { outcome: 'approve' })
    const [approved, edited] = await deliver(app, [approve, edit])
    expect(approved!.values.answers).toEqual([{ decisions: [{ type: 'approve' }, { type: 'reject', message: `Rejected by ${REVIEWER}: Violates policy.` }] }])
    expect(edited!.values.answers).toEqual([{ decisions: [{ type: 'edit', edited_action: { name: 'send_email', args: { to: 'ann@example.com', subject: 'Refund approved' } } }, { type: 'approve' }] }])
    expect(edited!.values.done).toEqual(['send_email: edited {"name":"send_email","args":{"to":"ann@example.com","subject":"Refund approved"}}', 'delete_record: approved'])
    expect(app.undelivered.list()).toEqual([])
  })

  it('answers both interrupts of a parallel thread, and the second interrupt of a sequence once it appears', async () => {
    const { services: app, tag } = await openApp()
    const [parallel, twice] = [await thread(tag, 'parallel'), await thread(tag, 'twice')]
    await app.sync.syncNow()
    const [first, second] = pendingInterrupts(await langgraph.server.thread(parallel))
    await decide(app, parallel, { outcome: 'approve' }, first!.id)
    await decide(app, parallel, { outcome: 'choose-option', optionId: 'ignore' }, second!.id)
    await decide(app, twice, { outcome: 'approve' })
    const [parallelDone] = await deliver(app, [parallel, twice])
    expect(parallelDone!.status).toBe('idle')
    expect(parallelDone!.values.done).toHaveLength(2)
    // Decisions go one by one here (no undo window), so each interrupt got its own resume.
    expect(await langgraph.server.runCount(parallel)).toBe(3)

    // The sequence paused again: the next pull brings its new interrupt as a new case.
    const afterFirst = await langgraph.server.thread(twice)
    expect(afterFirst.status).toBe('interrupted')
    await app.sync.syncNow()
    const next = caseOf(app, twice).reviewCase
    expect(next.title).toBe('close_ticket · twice')
    await decide(app, twice, { outcome: 'reject', reasonCode: 'other', note: 'Keep it open.' })
    const [twiceDone] = await deliver(app, [twice])
    expect(twiceDone!.values.done).toEqual(['sent as proposed', `not sent; told: Rejected by ${REVIEWER}: Other. Keep it open.`])
  })

  it('records a conflict, and does not resume again, when the interrupt was answered elsewhere', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await thread(tag, 'inbox')
    await app.sync.syncNow()
    // Someone answers in another inbox while this reviewer is deciding.
    const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
    await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', command: { resume: { [interrupt!.id]: [{ type: 'ignore', args: null }] } } })
    await decide(app, threadId, { outcome: 'approve' })
    await app.sync.syncNow()
    const [conflict] = await waitFor(() => app.undelivered.list(), (list) => list.length === 1)
    expect(conflict).toMatchObject({ state: 'conflict', code: 'already-decided' })
    expect(conflict!.detail).toMatch(/answered elsewhere/)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['ignored'])
    expect(await langgraph.server.runCount(threadId)).toBe(2)
  })

  it('withdraws a cached case whose interrupt was answered elsewhere, on the next pull', async () => {
    const { services: app, tag } = await openApp()
    const [kept, answered] = [await thread(tag, 'inbox'), await thread(tag, 'inbox')]
    await app.sync.syncNow()
    expect(rows(app)).toHaveLength(2)
    const [interrupt] = pendingInterrupts(await langgraph.server.thread(answered))
    await langgraph.server.call('POST', `/threads/${answered}/runs/wait`, { assistant_id: 'inbox', command: { resume: { [interrupt!.id]: [{ type: 'accept', args: null }] } } })
    await app.sync.syncNow()
    expect(rows(app).map((row) => row.caseId)).toEqual([caseOf(app, kept).reviewCase.id])
  })

  it('applies decisions made while the server was down exactly once when it is back', async () => {
    const { services: app, tag } = await openApp()
    const threadIds = [await thread(tag, 'inbox'), await thread(tag, 'middleware'), await thread(tag, 'inbox')]
    await app.sync.syncNow()
    await langgraph.server.stop()
    try {
      await decide(app, threadIds[0]!, { outcome: 'approve' })
      await decideCase(app, toolCallCase(app, threadIds[1]!, 1), { outcome: 'approve' })
      await decideCase(app, toolCallCase(app, threadIds[1]!, 2), { outcome: 'approve' })
      await decide(app, threadIds[2]!, { outcome: 'reject', reasonCode: 'incorrect' })
      await app.sync.syncNow()
      await waitFor(() => app.sync.status()[0]!, (status) => status.state === 'offline' && status.pendingPushes === 4)
      expect(app.sync.status()[0]!.lastError).toMatch(/unreachable/)
      // Offline, the decisions were still taken: every case left the queue.
      expect(rows(app)).toHaveLength(0)
    } finally {
      await langgraph.server.restart()
    }
    const finished = await deliver(app, threadIds)
    expect(finished.map((done) => done.status)).toEqual(['idle', 'idle', 'idle'])
    expect(finished[0]!.values.done).toEqual(['sent as proposed'])
    expect(finished[2]!.values.done).toEqual([`not sent; told: Rejected by ${REVIEWER}: Factually incorrect.`])
    for (const threadId of threadIds) expect(await langgraph.server.runCount(threadId)).toBe(2)
    // A second sync finds nothing more to send and resumes nothing again.
    await app.sync.syncNow()
    for (const threadId of threadIds) expect(await langgraph.server.runCount(threadId)).toBe(2)
  })

  it('refuses an edit that is not valid JSON, naming the problem, and keeps the case pending', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await thread(tag, 'inbox')
    await app.sync.syncNow()
    await expect(decide(app, threadId, { outcome: 'approve', editedValues: { text: '{"to": ' } })).rejects.toThrow(/not valid JSON/)
    expect(rows(app)).toHaveLength(1)
  })
})

describe('an agent built with createAgent + humanInTheLoopMiddleware (langchain JS, camelCase), served by langgraphjs dev', () => {
  const email = { name: 'send_email', args: { to: 'ann@example.com', subject: 'Your refund', body: 'It is on its way.' } }
  const note = { name: 'post_note', args: { text: 'Customer asked about a refund.' } }
  const remove = { name: 'delete_record', args: { table: 'customers', id: 42 } }

  it('makes each tool call a case offering the decisions its tool allows, with its description and argument schema', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [email, remove, { name: 'issue_refund', args: { orderId: 'A1', amount: 40 } }, { name: 'issue_refund', args: { orderId: 'A2', amount: 400 } }, note, { name: 'lookup_order', args: { orderId: 'A1' } }])
    await app.sync.syncNow()
    // The refund of 40 (its `when` says no) and the lookup (`false`) need no review.
    expect(rows(app).map((row) => row.caseId.split('#')[1])).toEqual(['1', '2', '3', '4'])
    const [emailCase, removeCase, refundCase, noteCase] = [1, 2, 3, 4].map((call) => toolCallCase(app, threadId, call).reviewCase)
    expect(emailCase!.options.map((option) => option.id)).toEqual(['approve', 'edit', 'reject'])
    expect(emailCase!.briefing).toMatch(/^Email \*\*ann@example.com\*\* about “Your refund”\.\n\n\*\*Conversation so far\*\*\n\n```text\n/)
    expect(proposalOf(toolCallCase(app, threadId, 1))).toMatchObject({ editable: true, jsonSchema: { required: ['to', 'subject', 'body'] } })
    // A tool that allows only approve or reject offers no edit.
    expect(removeCase!.options.map((option) => option.id)).toEqual(['approve', 'reject'])
    expect(proposalOf(toolCallCase(app, threadId, 2))).toMatchObject({ editable: false })
    expect(removeCase!.briefing).toMatch(/^Deleting a record cannot be undone\.\n\n\*\*Conversation so far\*\*/)
    expect(JSON.parse(refundCase!.kind === 'text-approval' ? refundCase!.proposal.text : '')).toEqual({ orderId: 'A2', amount: 400 })
    expect(noteCase!.briefing).toMatch(/^The agent wants to act\n\nTool: post_note/)
    expect(noteCase!.provenance.policy).toEqual({ name: 'Human interrupt', version: 'hitl-middleware (camelCase)' })
    // The source is the call as the agent made it (the diff shows only the reviewer's edits); the
    // conversation's latest turns are in the briefing, as a transcript.
    expect(emailCase!.source).toEqual({ title: 'send_email as the agent proposed it', text: JSON.stringify(email.args, null, 2), language: 'json' })
    const transcript = emailCase!.briefing!.split('```text\n')[1]!.split('\n```')[0]!
    expect(transcript.split('\n')).toEqual([
      expect.stringMatching(/^User: \{"toolCalls":/),
      `Agent calls send_email ${JSON.stringify(email.args)}`,
      'Agent calls delete_record {"table":"customers","id":42}',
      'Agent calls issue_refund {"orderId":"A1","amount":40}',
      'Agent calls issue_refund {"orderId":"A2","amount":400}',
      `Agent calls post_note ${JSON.stringify(note.args)}`,
      'Agent calls lookup_order {"orderId":"A1"}'
    ])
  })

  it('approves one tool call and edits another: both tools run, the edited one with the edited arguments, and the model sees their results', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [email, note, { name: 'issue_refund', args: { orderId: 'A2', amount: 400 } }])
    await app.sync.syncNow()
    await decideCase(app, toolCallCase(app, threadId, 1), { outcome: 'approve' })
    await decideCase(app, toolCallCase(app, threadId, 2), { outcome: 'approve', editedValues: { text: JSON.stringify({ text: 'Refund sent; customer told.' }) } })
    await decideCase(app, toolCallCase(app, threadId, 3), { outcome: 'approve', editedValues: { text: JSON.stringify({ orderId: 'A2', amount: 350 }) } })
    const [finished] = await deliver(app, [threadId])
    expect(finished!.status).toBe('idle')
    expect(messagesOf(finished!)).toEqual([
      { type: 'ai', content: '' },
      { type: 'tool', name: 'send_email', status: 'success', content: 'Sent "Your refund" to ann@example.com: It is on its way.' },
      { type: 'tool', name: 'post_note', status: 'success', content: 'Noted: Refund sent; customer told.' },
      { type: 'tool', name: 'issue_refund', status: 'success', content: 'Refunded 350 on A2.' },
      {
        type: 'ai',
        content: 'Done.\nsend_email (success): Sent "Your refund" to ann@example.com: It is on its way.\npost_note (success): Noted: Refund sent; customer told.\nissue_refund (success): Refunded 350 on A2.'
      }
    ])
    expect(app.undelivered.list()).toEqual([])
  })

  it('approves one tool call, edits another and rejects a third: the rejection reaches the model, and no tool of that turn runs', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [email, note, remove])
    await app.sync.syncNow()
    await decideCase(app, toolCallCase(app, threadId, 1), { outcome: 'approve' })
    await decideCase(app, toolCallCase(app, threadId, 2), { outcome: 'approve', editedValues: { text: JSON.stringify({ text: 'Edited note.' }) } })
    await decideCase(app, toolCallCase(app, threadId, 3), { outcome: 'reject', reasonCode: 'policy', note: 'Keep the record.' })
    const [finished] = await deliver(app, [threadId])
    const rejection = `Rejected by ${REVIEWER}: Violates policy. Keep the record.`
    // langchain's middleware: when any call of a turn is rejected, it sends the model back the
    // rejection instead of running the turn's other calls.
    expect(messagesOf(finished!)).toEqual([
      { type: 'ai', content: '' },
      { type: 'tool', name: 'delete_record', status: 'error', content: rejection },
      { type: 'ai', content: `Done.\ndelete_record (error): ${rejection}` }
    ])
    const aiCalls = ((finished!.values['messages'] as SerializedMessage[])[1]!.tool_calls ?? []).map((call) => call.name)
    expect(aiCalls).toEqual(['delete_record'])
  })

  it('refuses an edit that breaks the tool’s argument schema, naming the field, and keeps the case pending', async () => {
    const { services: app, tag } = await openApp()
    const threadId = await agentThread(tag, [email])
    await app.sync.syncNow()
    const tooLong = JSON.stringify({ ...email.args, subject: 'x'.repeat(81) })
    await expect(decide(app, threadId, { outcome: 'approve', editedValues: { text: tooLong } })).rejects.toThrow(/^subject: Too big: .* \(the edited text must meet the schema the automation sent\)\.$/)
    const extra = JSON.stringify({ ...email.args, cc: 'boss@example.com' })
    await expect(decide(app, threadId, { outcome: 'approve', editedValues: { text: extra } })).rejects.toThrow(/Unrecognized key: "cc"/)
    expect(rows(app)).toHaveLength(1)
    expect((await langgraph.server.thread(threadId)).status).toBe('interrupted')
  })

  it('shows a headless tool call and a breakpoint as read-only cases saying why, and leaves the threads alone', async () => {
    const { services: app, tag } = await openApp()
    const headless = await agentThread(tag, [{ name: 'get_location', args: { precise: true } }], 'headless')
    const breakpoint = await thread(tag, 'breakpoint')
    await app.sync.syncNow()
    expect(rows(app)).toHaveLength(2)
    const [headlessCase, breakpointCase] = [caseOf(app, headless).reviewCase, caseOf(app, breakpoint).reviewCase]
    expect(headlessCase).toMatchObject({ title: 'Tool for the client in headless', options: [], proposal: { editable: false } })
    expect(headlessCase.decisionNeeded).toMatch(/client to run the tool “get_location”/)
    expect(breakpointCase).toMatchObject({ title: 'Breakpoint in breakpoint', options: [] })
    expect(breakpointCase.decisionNeeded).toMatch(/breakpoint/)
    await decide(app, breakpoint, { outcome: 'approve' })
    await app.sync.syncNow()
    const [refused] = await waitFor(() => app.undelivered.list(), (list) => list.length === 1)
    expect(refused).toMatchObject({ state: 'rejected', code: 'unsupported' })
    expect((await langgraph.server.thread(breakpoint)).status).toBe('interrupted')
    expect(await langgraph.server.runCount(breakpoint)).toBe(1)
  })
  it('lists reroute targets only when its settings give them; a reroute makes the target the thread’s assignee and leaves it paused', async () => {
    const { services: app, tag } = await openApp()
    const paused = await thread(tag, 'inbox')
    await app.sync.syncNow()
    expect(caseOf(app, paused).rerouteTargets).toEqual({ targets: [], unlisted: 'No reroute targets are set for Agents; add them to its settings.' })
    const targets = [{ id: 'erin', label: 'Erin (billing agents)' }]
    await app.settings.save({ config: { id: 'agents', kind: 'langgraph', name: 'Agents', url: langgraph.server.url, metadata: { test: tag }, syncIntervalSeconds: 3600, rerouteTargets: targets } })
    await app.sync.syncNow()
    expect(caseOf(app, paused).rerouteTargets).toEqual({ targets, unlisted: null })
    await decide(app, paused, { outcome: 'reroute', rerouteTo: 'erin', note: 'Billing question' })
    await app.sync.syncNow()
    await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0)
    const after = await langgraph.server.thread(paused)
    expect(after.metadata['assignee']).toBe('erin')
    expect(after.status).toBe('interrupted')
    expect(Object.keys(after.metadata).filter((key) => key.startsWith('countersign:'))).toEqual([])
    expect(app.undelivered.list()).toEqual([])
    // The next pull lists the thread again (still paused), but it is Erin's now: it does not come back to this reviewer's queue.
    const [rerouted] = app.db.prepare<[string], { pk: number }>('SELECT pk FROM cases WHERE id LIKE ?').all(`${paused}:%`)
    await app.sync.syncNow()
    expect(app.review.queuePage(0, 500).rows.filter((row) => row.caseId.startsWith(`${paused}:`))).toEqual([])
    expect(app.review.caseDetail(rerouted!.pk)).toMatchObject({ state: 'reassigned', endReason: 'erin' })
    // Erin's own app lists it.
    const erin = await langgraph.openApp(tag, { reviewer: 'erin', dataDirName: `app-${tag}-erin` })
    expect(erin.review.queuePage(0, 500).rows.filter((row) => row.caseId.startsWith(`${paused}:`))).toHaveLength(1)
  })
})
