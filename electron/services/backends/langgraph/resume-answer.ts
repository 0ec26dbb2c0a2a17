import { z } from 'zod'
import { DEFAULT_REJECT_REASONS, outcomeSchema } from '../../../../shared/domain/decision'
import { parseJson, stringifyJson } from '../../../../shared/json/exact-json'
import { proposedActions, type InterruptPayload, type ProposedAction, type ReviewResponse } from './interrupt-payloads'

/** The parts of a decision record that say how to answer. */
const answerableRecordSchema = z.object({
  outcome: outcomeSchema,
  optionId: z.string().nullable(),
  reasonCode: z.string().nullable(),
  note: z.string().nullable(),
  reviewer: z.string(),
  edits: z.array(z.object({ field: z.string(), new: z.string() }))
})

/** What to send to the thread: an answer to resume with, nothing (the decision is local), or why it cannot be answered. */
export type ResumePlan = { kind: 'resume'; answer: unknown } | { kind: 'nothing' } | { kind: 'unsupported'; detail: string }

/**
 * The resume value for a decision, in exactly the shape the interrupt's format expects: a list
 * holding one `HumanResponse` for Agent Inbox; `{decisions}` in request order for the middleware.
 */
export function resumePlan(payload: InterruptPayload, rawRecord: unknown): ResumePlan {
  const parsed = answerableRecordSchema.safeParse(rawRecord)
  if (!parsed.success) return { kind: 'unsupported', detail: 'The decision record is missing what says how to answer.' }
  const record = parsed.data
  if (record.outcome === 'defer') return { kind: 'nothing' }
  if (payload.format === 'unknown') {
    return { kind: 'unsupported', detail: 'Countersign does not recognise this interrupt’s payload, so it cannot answer it; answer it where the graph’s owners do.' }
  }
  const chosen = responseFor(record)
  if (typeof chosen !== 'string') return chosen
  const response = inFormat(chosen, payload)
  if (!payload.allowed.has(response)) {
    return { kind: 'unsupported', detail: `This interrupt does not allow “${response}”; it allows ${[...payload.allowed].join(', ') || 'no answer Countersign knows'}.` }
  }
  let edited: ProposedAction[] | null = null
  if (response === 'edit') {
    const edit = record.edits.find((item) => item.field === 'text')
    if (!edit) return { kind: 'unsupported', detail: 'An edit was chosen but the arguments were not changed.' }
    const read = editedActions(proposedActions(payload), edit.new)
    if (typeof read === 'string') return { kind: 'unsupported', detail: read }
    edited = read
  }
  const message = messageFor(record)
  if (payload.format === 'agent-inbox') {
    const { name } = payload.action
    const args = response === 'edit' ? { action: name, args: edited![0]!.args } : response === 'respond' ? message : null
    return { kind: 'resume', answer: [{ type: response === 'approve' ? 'accept' : response === 'respond' ? 'response' : response, args }] }
  }
  const decisions = payload.actions.map((action, index) => {
    if (response === 'reject') return { type: 'reject', message }
    const changed = edited?.[index]
    if (changed && stringifyJson(changed) !== stringifyJson({ name: action.name, args: action.args })) return { type: 'edit', edited_action: changed }
    return { type: 'approve' }
  })
  return { kind: 'resume', answer: { decisions } }
}

/**
 * Agent Inbox answers back with a `response` (or, where that is not allowed, ignores the action);
 * the middleware rejects with a message. Both are what Countersign calls a rejection.
 */
function inFormat(response: ReviewResponse, payload: Extract<InterruptPayload, { allowed: unknown }>): ReviewResponse {
  if (payload.format === 'hitl-middleware') return response === 'respond' ? 'reject' : response
  if (response !== 'reject' && response !== 'respond') return response
  return payload.allowed.has('respond') || !payload.allowed.has('ignore') ? 'respond' : 'ignore'
}

/** Which response a decision is: approving (with or without edits), answering back, or ignoring. */
function responseFor(record: z.infer<typeof answerableRecordSchema>): ReviewResponse | ResumePlan {
  switch (record.outcome) {
    case 'approve':
      return 'approve'
    case 'approve-with-edits':
      return 'edit'
    case 'reject':
    case 'needs-info':
      return 'respond'
    case 'choose-option':
      if (record.optionId === 'approve' || record.optionId === 'edit' || record.optionId === 'ignore') return record.optionId
      if (record.optionId === 'respond' || record.optionId === 'reject') return record.optionId
      return { kind: 'unsupported', detail: `“${record.optionId}” is not an answer a LangGraph interrupt takes.` }
    default:
      return { kind: 'unsupported', detail: `A LangGraph interrupt cannot be answered with “${record.outcome}”; the thread stays paused.` }
  }
}

/** The text the agent receives when the reviewer answers back instead of letting it act. */
function messageFor(record: z.infer<typeof answerableRecordSchema>): string {
  const reason = record.reasonCode ? (DEFAULT_REJECT_REASONS.find((item) => item.code === record.reasonCode)?.label ?? record.reasonCode) : null
  const head = record.outcome === 'needs-info' ? `${record.reviewer} needs more information` : `Rejected by ${record.reviewer}${reason ? `: ${reason}` : ''}`
  return record.note ? `${head}. ${record.note}` : `${head}.`
}

/**
 * The edited text read back into actions: one action's arguments, or the list of `{name, args}`.
 * Numbers keep every digit the reviewer left or typed (`parseJson`).
 */
function editedActions(actions: ProposedAction[], text: string): ProposedAction[] | string {
  let value: unknown
  try {
    value = parseJson(text)
  } catch (error) {
    return `The edited arguments are not valid JSON: ${(error as Error).message}`
  }
  const isArgs = (candidate: unknown): candidate is Record<string, unknown> => typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate)
  if (actions.length === 1) return isArgs(value) ? [{ name: actions[0]!.name, args: value }] : 'The edited arguments must be a JSON object.'
  const list = z.array(z.object({ name: z.string(), args: z.record(z.string(), z.unknown()) })).safeParse(value)
  if (!list.success || list.data.length !== actions.length) return `The edited actions must stay a list of ${actions.length} {"name", "args"} objects, in order.`
  return list.data
}
