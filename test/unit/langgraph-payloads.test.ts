import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sameId } from '../../electron/services/backends/ids'
import { interruptCases } from '../../electron/services/backends/langgraph/interrupt-case'
import { readInterruptPayload, type InterruptPayload } from '../../electron/services/backends/langgraph/interrupt-payloads'
import { actionPlan, resumeAnswer, type ActionDecision } from '../../electron/services/backends/langgraph/resume-answer'
import { fencedBlock, threadSource } from '../../electron/services/backends/langgraph/thread-transcript'
import { caseSchema, type Case } from '../../shared/domain/case'

const humanInterrupt = (config: Partial<Record<'allow_accept' | 'allow_edit' | 'allow_respond' | 'allow_ignore', boolean>> = {}) => ({
  action_request: { action: 'send_email', args: { to: 'ann@example.com' } },
  config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true, ...config },
  description: 'Send it?'
})
/** The value langchain JS's humanInTheLoopMiddleware passed to interrupt(), as a user saw it (a case file). */
const jsMiddleware = JSON.parse(readFileSync(join(__dirname, '../fixtures/cases/langchain-js-hitl-interrupt.json'), 'utf8')) as unknown
const pythonMiddleware = {
  action_requests: [
    { name: 'send_email', args: { to: 'ann@example.com' } },
    { name: 'delete_record', args: { id: 42 } }
  ],
  review_configs: [
    { action_name: 'send_email', allowed_decisions: ['approve', 'edit', 'reject'], args_schema: { type: 'object', properties: { to: { type: 'string', format: 'email' } }, required: ['to'] } },
    { action_name: 'delete_record', allowed_decisions: ['approve', 'reject'] }
  ]
}
const record = (fields: Record<string, unknown>) => ({ outcome: 'approve', optionId: null, reasonCode: null, note: null, reviewer: 'dana', edits: [], ...fields })
const facts = { thread_id: 't1', updated_at: '2026-01-01T00:00:00Z', metadata: { graph_id: 'agent' }, values: {} }

function casesOf(value: unknown) {
  return interruptCases(facts, { threadId: 't1', interruptId: 'i1' }, readInterruptPayload(value)).map((raw) => caseSchema.parse(raw))
}

function answerable(value: unknown): Extract<InterruptPayload, { actions: unknown }> {
  const payload = readInterruptPayload(value)
  if (payload.format === 'unanswerable') throw new Error('not answerable')
  return payload
}

describe('reading interrupt payloads', () => {
  it('reads the JS middleware’s camelCase payload: the case file becomes an editable case with its three decisions', () => {
    const payload = answerable(jsMiddleware)
    expect(payload).toMatchObject({ format: 'hitl-middleware', spelling: 'camelCase' })
    const [only] = casesOf(jsMiddleware)
    expect(only).toMatchObject({ id: 't1:i1', title: 'send_email · agent', proposal: { editable: true, format: 'json', destination: 'Tool call: send_email' } })
    expect(only!.options.map((option) => option.id)).toEqual(['approve', 'edit', 'reject'])
    expect(only!.briefing).toMatch(/^Tool execution requires approval/)
  })

  it('reads the Python snake_case payload: one case per tool call, each with the decisions its tool allows and its argument schema', () => {
    expect(answerable(pythonMiddleware)).toMatchObject({ format: 'hitl-middleware', spelling: 'snake_case' })
    const [email, remove] = casesOf(pythonMiddleware)
    expect(email).toMatchObject({ id: 't1:i1#1', title: 'send_email (1 of 2) · agent', proposal: { editable: true, jsonSchema: pythonMiddleware.review_configs[0]!.args_schema } })
    expect(remove).toMatchObject({ id: 't1:i1#2', proposal: { editable: false } })
    expect(remove!.options.map((option) => option.id)).toEqual(['approve', 'reject'])
    expect(remove!.decisionNeeded).toMatch(/call 2 of 2/)
  })

  it('says what each answer does, from the decisions the interrupt allows and the risk its graph declares', () => {
    const effects = (reviewCase: Case) => Object.fromEntries(reviewCase.options.map((option) => [option.id, option.effect]))
    // Nothing declared: the tool call may be either, so letting it run is confirmed.
    const [undeclared] = casesOf(jsMiddleware)
    expect(undeclared!.risk.declared).toBe(false)
    expect(effects(undeclared!)).toEqual({
      approve: { actsOnProposal: true, needsConfirmation: true, irreversible: false },
      edit: { actsOnProposal: true, needsConfirmation: true, irreversible: false },
      reject: { actsOnProposal: false, needsConfirmation: false, irreversible: false }
    })
    const risk = { reversible: false, audience: 'customer', touchesMoney: false, touchesAccess: false, touchesLegal: false, irreversibleEffect: 'The email is sent.' }
    const declared = interruptCases({ ...facts, metadata: { ...facts.metadata, countersign_risk: risk } }, { threadId: 't1', interruptId: 'i1' }, readInterruptPayload(humanInterrupt())).map((raw) => caseSchema.parse(raw))
    expect(effects(declared[0]!)).toEqual({
      approve: { actsOnProposal: true, needsConfirmation: true, irreversible: true },
      edit: { actsOnProposal: true, needsConfirmation: true, irreversible: true },
      respond: { actsOnProposal: false, needsConfirmation: false, irreversible: false },
      ignore: { actsOnProposal: false, needsConfirmation: false, irreversible: false }
    })
  })

  it('reads an Agent Inbox request alone or in a list of one, with the responses it allows', () => {
    for (const value of [humanInterrupt({ allow_ignore: false }), [humanInterrupt({ allow_ignore: false })]]) {
      const payload = answerable(value)
      expect(payload.format).toBe('agent-inbox')
      expect([...payload.actions[0].allowed]).toEqual(['approve', 'edit', 'respond'])
    }
  })

  it('shows every other shape read-only, saying why: unknown values, headless tools', () => {
    const shapes = [null, 'approve?', 42, [humanInterrupt(), humanInterrupt()], { action_request: { action: 'x' } }, { action_requests: [] }, { actionRequests: [{ name: 'x' }] }]
    for (const value of shapes) {
      expect(readInterruptPayload(value)).toMatchObject({ format: 'unanswerable', kind: 'unknown' })
      const [shown] = casesOf(value)
      expect(shown).toMatchObject({ id: 't1:i1', options: [], proposal: { editable: false, format: 'json' } })
    }
    const [headless] = casesOf({ type: 'tool', toolCall: { id: 'call_1', name: 'get_location', args: {} } })
    expect(headless!.decisionNeeded).toMatch(/client to run the tool “get_location”/)
  })

  it('keeps every case valid at the payload’s limits: 50 tool calls with 200-character names, a huge headless tool name', () => {
    const name = (n: number) => `${n}`.padEnd(200, 'x')
    const many = { actionRequests: Array.from({ length: 50 }, (_, n) => ({ name: name(n), args: { n } })), reviewConfigs: [] }
    expect(casesOf(many)).toHaveLength(50)
    expect(casesOf({ type: 'tool', toolCall: { name: 'x'.repeat(5_000), args: {} } })).toHaveLength(1)
  })

  it('takes a declared risk class from the thread metadata, and takes a malformed one as undeclared', () => {
    const risk = { reversible: false, audience: 'customer', touchesMoney: true, touchesAccess: false, touchesLegal: false, irreversibleEffect: 'Money leaves the account.' }
    const [declared] = interruptCases({ ...facts, metadata: { ...facts.metadata, countersign_risk: risk } }, { threadId: 't', interruptId: 'i' }, readInterruptPayload(humanInterrupt()))
    expect(declared!['risk']).toEqual(risk)
    const [malformed] = interruptCases({ ...facts, metadata: { countersign_risk: { reversible: 'no' } } }, { threadId: 't', interruptId: 'i' }, readInterruptPayload(humanInterrupt()))
    expect(malformed!['risk']).toMatchObject({ declared: false })
    // Not half read, and not silently dropped: the case says which fields were wrong.
    const detail = (malformed!['pauseReason'] as { detail: string }).detail
    expect(detail).toMatch(/Its risk is shown as not declared: the thread's countersign_risk metadata is not a valid risk class/)
    expect(detail).toMatch(/countersign_risk\.reversible: /)
    expect(detail).toMatch(/countersign_risk\.touchesMoney: /)
    const [none] = interruptCases(facts, { threadId: 't', interruptId: 'i' }, readInterruptPayload(humanInterrupt()))
    expect((none!['pauseReason'] as { detail: string }).detail).not.toMatch(/countersign_risk/)
  })
})

describe('answers for decisions', () => {
  const inbox = readInterruptPayload([humanInterrupt()])
  const decision = (payload: InterruptPayload, index: number, fields: Record<string, unknown>): ActionDecision => {
    const plan = actionPlan(payload, index, record(fields))
    if (plan.kind !== 'decision') throw new Error(JSON.stringify(plan))
    return plan.decision
  }

  it('answers each spelling in its own: editedAction for JS, edited_action for Python', () => {
    const js = answerable({ ...(jsMiddleware as object) })
    const edited = { outcome: 'approve-with-edits', edits: [{ field: 'text', new: '{"to": "mara.quill@example.org", "subject": "Refund sent", "body": "Done."}' }] }
    expect(resumeAnswer(js, [decision(js, 0, edited)])).toEqual({
      decisions: [{ type: 'edit', editedAction: { name: 'send_email', args: { to: 'mara.quill@example.org', subject: 'Refund sent', body: 'Done.' } } }]
    })
    const py = answerable(pythonMiddleware)
    const pyEdit = { outcome: 'approve-with-edits', edits: [{ field: 'text', new: '{"to": "bo@example.org"}' }] }
    expect(resumeAnswer(py, [decision(py, 0, pyEdit), decision(py, 1, { outcome: 'reject', reasonCode: 'policy' })])).toEqual({
      decisions: [
        { type: 'edit', edited_action: { name: 'send_email', args: { to: 'bo@example.org' } } },
        { type: 'reject', message: 'Rejected by dana: Violates policy.' }
      ]
    })
  })

  it('checks an edit against the interrupt’s argument schema, naming the field', () => {
    const py = answerable(pythonMiddleware)
    expect(actionPlan(py, 0, record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '{"to": "not an address"}' }] }))).toEqual({
      kind: 'unsupported',
      detail: 'The edited arguments of send_email do not meet its schema: to: Invalid email address.'
    })
  })

  it('refuses what an action does not allow, and outcomes LangGraph cannot express, with a reason', () => {
    const py = answerable(pythonMiddleware)
    expect(actionPlan(py, 1, record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '{"id": 43}' }] }))).toMatchObject({
      kind: 'unsupported',
      detail: expect.stringMatching(/delete_record does not allow “edit”; it allows approve, reject/)
    })
    expect(actionPlan(readInterruptPayload(humanInterrupt({ allow_accept: false })), 0, record({}))).toMatchObject({ kind: 'unsupported', detail: expect.stringMatching(/does not allow “approve”/) })
    expect(actionPlan(inbox, 0, record({ outcome: 'reroute' }))).toMatchObject({ kind: 'unsupported', detail: expect.stringMatching(/cannot be answered with “reroute”/) })
    expect(actionPlan(inbox, 0, { outcome: 'approve' })).toMatchObject({ kind: 'unsupported', detail: expect.stringMatching(/missing/) })
    expect(actionPlan(readInterruptPayload({ question: '?' }), 0, record({}))).toMatchObject({ kind: 'unsupported', detail: expect.stringMatching(/does not recognise/) })
  })

  it('checks edited arguments are JSON and an object', () => {
    expect(actionPlan(inbox, 0, record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '{"to": ' }] }))).toMatchObject({ detail: expect.stringMatching(/not valid JSON/) })
    expect(actionPlan(inbox, 0, record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '[1]' }] }))).toMatchObject({ detail: expect.stringMatching(/must be a JSON object/) })
  })

  it('answers Agent Inbox with one HumanResponse, falls back to ignoring when it allows no response, and a deferral sends nothing', () => {
    expect(resumeAnswer(answerable([humanInterrupt()]), [decision(inbox, 0, {})])).toEqual([{ type: 'accept', args: null }])
    const noRespond = answerable(humanInterrupt({ allow_respond: false }))
    expect(resumeAnswer(noRespond, [decision(noRespond, 0, { outcome: 'reject', reasonCode: 'policy' })])).toEqual([{ type: 'ignore', args: null }])
    expect(actionPlan(inbox, 0, record({ outcome: 'defer' }))).toEqual({ kind: 'nothing' })
    expect(resumeAnswer(answerable([humanInterrupt()]), [decision(inbox, 0, { outcome: 'needs-info', note: 'Which order?' })])).toEqual([{ type: 'response', args: 'dana needs more information. Which order?' }])
  })
})

describe('ids', () => {
  it('compares UUIDs case-insensitively (RFC 9562) and every other id exactly', () => {
    expect(sameId('3F2A0C1E-8B7D-4C6A-9E5F-0123456789AB', '3f2a0c1e-8b7d-4c6a-9e5f-0123456789ab')).toBe(true)
    expect(sameId('Case-1', 'case-1')).toBe(false)
    expect(sameId('a ', 'a')).toBe(false)
    expect(sameId(undefined, undefined)).toBe(false)
  })
})

describe('an agent’s conversation', () => {
  it('is a transcript of its last 50 messages, and stays verbatim inside the briefing whatever backticks it holds', () => {
    const messages = Array.from({ length: 60 }, (_, n) => ({ type: n % 2 ? 'ai' : 'human', content: n === 59 ? 'Use ```rm -rf``` and ````x````' : `m${n}` }))
    const state = threadSource({ messages })
    expect(state.kind).toBe('conversation')
    const transcript = state.kind === 'conversation' ? state.transcript : ''
    expect(transcript.split('\n')).toHaveLength(51)
    expect(transcript.split('\n')[0]).toBe('(10 earlier messages not shown)')
    const block = fencedBlock(transcript)
    expect(block.startsWith('`````text\n')).toBe(true)
    expect(block.endsWith('\n`````')).toBe(true)
    expect(threadSource({ to: 'x' })).toEqual({ kind: 'state', json: '{\n  "to": "x"\n}' })
  })
})
