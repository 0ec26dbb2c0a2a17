import { describe, expect, it } from 'vitest'
import { proposalJson, readInterruptPayload } from '../../electron/services/backends/langgraph/interrupt-payloads'
import { resumePlan } from '../../electron/services/backends/langgraph/resume-answer'
import { parseJson, stringifyJson } from '../../shared/json/exact-json'

// An agent's tool arguments, as its server sends them, with numbers JSON.parse would change.
const INTERRUPT = `[{"action_request":{"action":"wire_funds","args":{"account":12345678901234567890123,"amount":1234567.890123456789,"limit":1e400,"memo":"ref\\u202e 9007199254740993"}},
  "config":{"allow_ignore":true,"allow_respond":true,"allow_edit":true,"allow_accept":true},"description":"Wire it?"}]`
const record = (outcome: string, edits: { field: string; new: string }[] = []) => ({ outcome, optionId: null, reasonCode: null, note: null, reviewer: 'dana', edits })

describe('tool arguments with numbers a double would change', () => {
  const payload = readInterruptPayload(parseJson(INTERRUPT))
  const shown = proposalJson(payload)

  it('are shown with every digit as sent', () => {
    expect(shown).toContain('"account": 12345678901234567890123')
    expect(shown).toContain('"amount": 1234567.890123456789')
    expect(shown).toContain('"limit": 1e400')
    expect(shown).toContain('"memo": "ref\u202e 9007199254740993"')
  })

  it('go back with every digit when the reviewer edits something else', () => {
    const edited = shown.replace('"memo": "ref\u202e 9007199254740993"', '"memo": "checked"')
    const plan = resumePlan(payload, record('approve-with-edits', [{ field: 'text', new: edited }]))
    expect(plan.kind).toBe('resume')
    const answer = stringifyJson((plan as { answer: unknown }).answer)
    expect(answer).toBe('[{"type":"edit","args":{"action":"wire_funds","args":{"account":12345678901234567890123,"amount":1234567.890123456789,"limit":1e400,"memo":"checked"}}}]')
  })

  it('are not sent back at all on an unedited approval: the agent keeps exactly what it proposed', () => {
    expect(resumePlan(payload, record('approve'))).toEqual({ kind: 'resume', answer: [{ type: 'accept', args: null }] })
  })
})
