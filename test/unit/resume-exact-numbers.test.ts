import { describe, expect, it } from 'vitest'
import { interruptCases } from '../../electron/services/backends/langgraph/interrupt-case'
import { readInterruptPayload } from '../../electron/services/backends/langgraph/interrupt-payloads'
import { actionPlan, resumeAnswer, type ActionDecision } from '../../electron/services/backends/langgraph/resume-answer'
import { parseJson, stringifyJson } from '../../shared/json/exact-json'

// An agent's tool arguments, as its server sends them, with numbers JSON.parse would change.
const INTERRUPT = `[{"action_request":{"action":"wire_funds","args":{"account":12345678901234567890123,"amount":1234567.890123456789,"limit":1e400,"memo":"ref\\u202e 9007199254740993"}},
  "config":{"allow_ignore":true,"allow_respond":true,"allow_edit":true,"allow_accept":true},"description":"Wire it?"}]`
const THREAD = { thread_id: '2f0c7c2e-6a4b-4f7e-9d1a-0b6f3f1e2a11', updated_at: '2026-11-29T10:00:00Z', metadata: {}, values: {} }
const record = (outcome: string, edits: { field: string; new: string }[] = []) => ({ outcome, optionId: null, reasonCode: null, note: null, reviewer: 'dana', edits })

describe('tool arguments with numbers a double would change', () => {
  const payload = readInterruptPayload(parseJson(INTERRUPT))
  if (payload.format !== 'agent-inbox') throw new Error(`read as ${payload.format}`)
  const [reviewCase] = interruptCases(THREAD, { threadId: THREAD.thread_id, interruptId: 'ab12' }, payload)
  const shown = (reviewCase!['proposal'] as { text: string }).text

  it('are shown with every digit as sent', () => {
    expect(shown).toContain('"account": 12345678901234567890123')
    expect(shown).toContain('"amount": 1234567.890123456789')
    expect(shown).toContain('"limit": 1e400')
    expect(shown).toContain('"memo": "ref\u202e 9007199254740993"')
  })

  it('go back with every digit when the reviewer edits something else', () => {
    const edited = shown.replace('"memo": "ref\u202e 9007199254740993"', '"memo": "checked"')
    const plan = actionPlan(payload, 0, record('approve-with-edits', [{ field: 'text', new: edited }]))
    expect(plan.kind).toBe('decision')
    const answer = stringifyJson(resumeAnswer(payload, [(plan as { decision: ActionDecision }).decision]))
    expect(answer).toBe('[{"type":"edit","args":{"action":"wire_funds","args":{"account":12345678901234567890123,"amount":1234567.890123456789,"limit":1e400,"memo":"checked"}}}]')
  })

  it('are not sent back at all on an unedited approval: the agent keeps exactly what it proposed', () => {
    const plan = actionPlan(payload, 0, record('approve'))
    expect(plan).toEqual({ kind: 'decision', decision: { response: 'approve' } })
    expect(resumeAnswer(payload, [(plan as { decision: ActionDecision }).decision])).toEqual([{ type: 'accept', args: null }])
  })
})
