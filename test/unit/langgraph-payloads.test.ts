import { describe, expect, it } from 'vitest'
import { interruptCase } from '../../electron/services/backends/langgraph/interrupt-case'
import { proposalJson, readInterruptPayload } from '../../electron/services/backends/langgraph/interrupt-payloads'
import { resumePlan } from '../../electron/services/backends/langgraph/resume-answer'
import { caseSchema } from '../../shared/domain/case'

const humanInterrupt = (config: Partial<Record<'allow_accept' | 'allow_edit' | 'allow_respond' | 'allow_ignore', boolean>> = {}) => ({
  action_request: { action: 'send_email', args: { to: 'ann@example.com' } },
  config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true, ...config },
  description: 'Send it?'
})
const middleware = {
  action_requests: [
    { name: 'send_email', args: { to: 'ann@example.com' } },
    { name: 'delete_record', args: { id: 42 } }
  ],
  review_configs: [
    { action_name: 'send_email', allowed_decisions: ['approve', 'edit', 'reject'] },
    { action_name: 'delete_record', allowed_decisions: ['approve', 'reject'] }
  ]
}
const record = (fields: Record<string, unknown>) => ({ outcome: 'approve', optionId: null, reasonCode: null, note: null, reviewer: 'dana', edits: [], ...fields })

describe('reading interrupt payloads', () => {
  it('reads an Agent Inbox request alone or in a list of one, with the responses it allows', () => {
    for (const value of [humanInterrupt({ allow_ignore: false }), [humanInterrupt({ allow_ignore: false })]]) {
      const payload = readInterruptPayload(value)
      expect(payload.format).toBe('agent-inbox')
      expect(payload.format !== 'unknown' && [...payload.allowed]).toEqual(['approve', 'edit', 'respond'])
    }
  })

  it('allows a middleware decision only if every action allows it', () => {
    const payload = readInterruptPayload(middleware)
    expect(payload.format !== 'unknown' && [...payload.allowed]).toEqual(['approve', 'reject'])
    expect(JSON.parse(proposalJson(payload))).toEqual([
      { name: 'send_email', args: { to: 'ann@example.com' } },
      { name: 'delete_record', args: { id: 42 } }
    ])
  })

  it('treats every other shape as unknown, and still makes a valid, read-only case of it', () => {
    const shapes = [null, 'approve?', 42, [humanInterrupt(), humanInterrupt()], { action_request: { action: 'x' } }, { action_requests: [] }]
    for (const value of shapes) {
      expect(readInterruptPayload(value).format).toBe('unknown')
      const raw = interruptCase({ thread_id: 't1', updated_at: 'not a date', metadata: {}, values: undefined }, { threadId: 't1', interruptId: 'i1', value })
      const parsed = caseSchema.safeParse(raw)
      expect(parsed.success).toBe(true)
      expect(parsed.data).toMatchObject({ id: 't1:i1', options: [], proposal: { editable: false, format: 'json' } })
    }
  })

  it('takes a declared risk class from the thread metadata, and ignores a malformed one', () => {
    const risk = { reversible: false, audience: 'customer', touchesMoney: true, touchesAccess: false, touchesLegal: false, irreversibleEffect: 'Money leaves the account.' }
    const declared = interruptCase({ thread_id: 't', updated_at: '2026-01-01T00:00:00Z', metadata: { countersign_risk: risk }, values: {} }, { threadId: 't', interruptId: 'i', value: humanInterrupt() })
    expect(declared['risk']).toEqual(risk)
    const malformed = interruptCase({ thread_id: 't', updated_at: '2026-01-01T00:00:00Z', metadata: { countersign_risk: { reversible: 'no' } }, values: {} }, { threadId: 't', interruptId: 'i', value: humanInterrupt() })
    expect(malformed['risk']).toMatchObject({ reversible: true, audience: 'internal' })
  })
})

describe('answers for decisions', () => {
  const inbox = readInterruptPayload([humanInterrupt()])

  it('refuses what the interrupt does not allow, and outcomes LangGraph cannot express, with a reason', () => {
    expect(resumePlan(readInterruptPayload(humanInterrupt({ allow_accept: false })), record({}))).toMatchObject({ kind: 'unsupported', detail: expect.stringMatching(/does not allow “approve”/) })
    expect(resumePlan(inbox, record({ outcome: 'reroute' }))).toMatchObject({ kind: 'unsupported', detail: expect.stringMatching(/cannot be answered with “reroute”/) })
    expect(resumePlan(readInterruptPayload(middleware), record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '[]' }] }))).toMatchObject({ kind: 'unsupported' })
    expect(resumePlan(inbox, { outcome: 'approve' })).toMatchObject({ kind: 'unsupported', detail: expect.stringMatching(/missing/) })
  })

  it('checks edited arguments: JSON, an object for one action, the same number of actions for several', () => {
    expect(resumePlan(inbox, record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '{"to": ' }] }))).toMatchObject({ detail: expect.stringMatching(/not valid JSON/) })
    expect(resumePlan(inbox, record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '[1]' }] }))).toMatchObject({ detail: expect.stringMatching(/must be a JSON object/) })
    const several = readInterruptPayload({ ...middleware, review_configs: [] })
    expect(resumePlan(several, record({ outcome: 'approve-with-edits', edits: [{ field: 'text', new: '[{"name": "send_email", "args": {}}]' }] }))).toMatchObject({
      detail: expect.stringMatching(/list of 2/)
    })
  })

  it('falls back to ignoring when an Agent Inbox interrupt allows no response, and a deferral sends nothing', () => {
    const noRespond = readInterruptPayload(humanInterrupt({ allow_respond: false }))
    expect(resumePlan(noRespond, record({ outcome: 'reject', reasonCode: 'policy' }))).toEqual({ kind: 'resume', answer: [{ type: 'ignore', args: null }] })
    expect(resumePlan(inbox, record({ outcome: 'defer' }))).toEqual({ kind: 'nothing' })
    expect(resumePlan(inbox, record({ outcome: 'needs-info', note: 'Which order?' }))).toEqual({ kind: 'resume', answer: [{ type: 'response', args: 'dana needs more information. Which order?' }] })
  })
})
