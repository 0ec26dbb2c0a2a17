import { z } from 'zod'
import { jsonSchemaProblems } from '../../../../shared/domain/json-schema-check'
import { outcomeSchema } from '../../../../shared/domain/decision'
import { DEFAULT_REJECT_REASONS } from '../../../../shared/domain/reject-reasons'
import { parseJson, stringifyJson } from '../../../../shared/json/exact-json'
import type { InterruptPayload, ProposedAction, ReviewResponse } from './interrupt-payloads'

/** The parts of a decision record that say how to answer. */
const answerableRecordSchema = z.object({
  outcome: outcomeSchema,
  optionId: z.string().nullable(),
  reasonCode: z.string().nullable(),
  note: z.string().nullable(),
  reviewer: z.string(),
  rerouteTo: z.string().nullish(),
  edits: z.array(z.object({ field: z.string(), new: z.string() }))
})

/** One action's answer, in Countersign's words: what the reviewer chose, the edited arguments, the message. */
export interface ActionDecision {
  response: ReviewResponse
  /** For `edit`: the arguments as the reviewer left them. */
  args?: Record<string, unknown>
  /** For `respond`/`reject`: the text the agent receives. */
  message?: string
}

/**
 * What a decision on one action means: an answer, a new assignee for the thread (a reroute; the
 * thread stays paused for them), nothing to send (the decision is local), or why it cannot be answered.
 */
export type ActionPlan =
  | { kind: 'decision'; decision: ActionDecision }
  | { kind: 'reassign'; assignee: string }
  | { kind: 'nothing' }
  | { kind: 'unsupported'; detail: string }

/**
 * Reads a signed decision record as the answer to one action of an interrupt (`actionIndex`, 0
 * for payloads with one action): checked against what that action allows and, for an edit,
 * against the interrupt's argument schema, so nothing is sent that the graph would refuse.
 */
export function actionPlan(payload: InterruptPayload, actionIndex: number, rawRecord: unknown): ActionPlan {
  const parsed = answerableRecordSchema.safeParse(rawRecord)
  if (!parsed.success) return { kind: 'unsupported', detail: 'The decision record is missing what says how to answer.' }
  const record = parsed.data
  if (record.outcome === 'defer') return { kind: 'nothing' }
  if (record.outcome === 'reroute' && record.rerouteTo) return { kind: 'reassign', assignee: record.rerouteTo }
  if (payload.format === 'unanswerable') return { kind: 'unsupported', detail: `${payload.reason} Answer it where the graph’s owners do.` }
  const action = payload.actions[actionIndex]
  if (!action) return { kind: 'unsupported', detail: `The interrupt has no tool call #${actionIndex + 1}.` }
  const chosen = responseFor(record)
  if (typeof chosen !== 'string') return chosen
  const response = inFormat(chosen, payload.format, action)
  if (!action.allowed.has(response)) {
    return { kind: 'unsupported', detail: `${action.name} does not allow “${response}”; it allows ${[...action.allowed].join(', ') || 'no answer Countersign knows'}.` }
  }
  if (response === 'edit') {
    const edit = record.edits.find((item) => item.field === 'text')
    if (!edit) return { kind: 'unsupported', detail: 'An edit was chosen but the arguments were not changed.' }
    const args = editedArgs(action, edit.new)
    return typeof args === 'string' ? { kind: 'unsupported', detail: args } : { kind: 'decision', decision: { response, args } }
  }
  if (response === 'respond' || response === 'reject') return { kind: 'decision', decision: { response, message: messageFor(record) } }
  return { kind: 'decision', decision: { response } }
}

/**
 * The resume value for an interrupt, given one decision per action in request order, in exactly
 * the shape and spelling its graph reads: a list holding one `HumanResponse` for Agent Inbox
 * (`{type: accept|edit|response|ignore, args}`); `{decisions: [...]}` for the HITL middleware, an
 * edit spelled `editedAction` (langchain JS) or `edited_action` (Python). An edit that changes
 * no argument (only the layout of the JSON) is sent as an approval where the call allows one, else
 * as the edit it is: the middleware refuses a decision the call does not allow, failing the run.
 */
export function resumeAnswer(payload: Extract<InterruptPayload, { actions: unknown }>, decisions: readonly ActionDecision[]): unknown {
  if (payload.format === 'agent-inbox') {
    const [{ response, args, message }] = [decisions[0]!]
    const { name } = payload.actions[0]
    const type = response === 'approve' ? 'accept' : response === 'respond' ? 'response' : response
    return [{ type, args: response === 'edit' ? { action: name, args } : response === 'respond' ? message : null }]
  }
  const editKey = payload.spelling === 'camelCase' ? 'editedAction' : 'edited_action'
  return {
    decisions: payload.actions.map((action, index) => {
      const { response, args, message } = decisions[index]!
      if (response === 'reject') return { type: 'reject', message }
      if (response === 'edit' && (stringifyJson(args) !== stringifyJson(action.args) || !action.allowed.has('approve'))) return { type: 'edit', [editKey]: { name: action.name, args } }
      return { type: 'approve' }
    })
  }
}

/**
 * Agent Inbox answers back with a `response` (or, where that is not allowed, ignores the action);
 * the middleware rejects with a message. Both are what Countersign calls a rejection.
 */
function inFormat(response: ReviewResponse, format: 'agent-inbox' | 'hitl-middleware', action: ProposedAction): ReviewResponse {
  if (format === 'hitl-middleware') return response === 'respond' ? 'reject' : response
  if (response !== 'reject' && response !== 'respond') return response
  return action.allowed.has('respond') || !action.allowed.has('ignore') ? 'respond' : 'ignore'
}

/** Which response a decision is: approving (with or without edits), answering back, or ignoring. */
function responseFor(record: z.infer<typeof answerableRecordSchema>): ReviewResponse | ActionPlan {
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

/** The edited text read back into the action's arguments: a JSON object meeting the argument schema, if any. */
function editedArgs(action: ProposedAction, text: string): Record<string, unknown> | string {
  let value: unknown
  try {
    value = parseJson(text)
  } catch (error) {
    return `The edited arguments are not valid JSON: ${(error as Error).message}`
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The edited arguments must be a JSON object.'
  const problems = action.argsSchema && jsonSchemaProblems(value, action.argsSchema)
  return problems ? `The edited arguments of ${action.name} do not meet its schema: ${problems}.` : (value as Record<string, unknown>)
}
