import { z } from 'zod'
import { stringifyJson } from '../../../../shared/json/exact-json'

/**
 * The two payloads agents pause with for a human, read into one shape. Anything else is an
 * `unknown` payload: still shown (raw), never answered with a guess.
 */

/** Agent Inbox's `HumanInterrupt` (LangGraph's prebuilt human-in-the-loop). */
const humanInterruptSchema = z.object({
  action_request: z.object({ action: z.string().min(1).max(200), args: z.record(z.string(), z.unknown()) }),
  config: z.object({
    allow_ignore: z.boolean(),
    allow_respond: z.boolean(),
    allow_edit: z.boolean(),
    allow_accept: z.boolean()
  }),
  description: z.string().nullish()
})

/** Graphs pass it alone or, as Agent Inbox's own examples do, in a list of one. */
const agentInboxValueSchema = z.union([humanInterruptSchema, z.tuple([humanInterruptSchema])])

/** LangChain's HITL middleware: several tool calls at once, each with the decisions it allows. */
const middlewareValueSchema = z.object({
  action_requests: z
    .array(z.object({ name: z.string().min(1).max(200), args: z.record(z.string(), z.unknown()), description: z.string().nullish() }))
    .min(1)
    .max(50),
  review_configs: z.array(z.object({ action_name: z.string(), allowed_decisions: z.array(z.string()) })).default([])
})

/** What a reviewer may answer, in Countersign's words; each format spells them its own way. */
export type ReviewResponse = 'approve' | 'edit' | 'respond' | 'reject' | 'ignore'

export interface ProposedAction {
  name: string
  args: Record<string, unknown>
  description?: string
}

export type InterruptPayload =
  | { format: 'agent-inbox'; action: ProposedAction; allowed: ReadonlySet<ReviewResponse> }
  | { format: 'hitl-middleware'; actions: ProposedAction[]; allowed: ReadonlySet<ReviewResponse> }
  | { format: 'unknown'; value: unknown }

export function readInterruptPayload(value: unknown): InterruptPayload {
  const inbox = agentInboxValueSchema.safeParse(value)
  if (inbox.success) {
    const request = Array.isArray(inbox.data) ? inbox.data[0] : inbox.data
    const { config } = request
    const allowed = new Set<ReviewResponse>()
    if (config.allow_accept) allowed.add('approve')
    if (config.allow_edit) allowed.add('edit')
    if (config.allow_respond) allowed.add('respond')
    if (config.allow_ignore) allowed.add('ignore')
    const description = request.description ?? undefined
    return { format: 'agent-inbox', action: { name: request.action_request.action, args: request.action_request.args, description }, allowed }
  }
  const middleware = middlewareValueSchema.safeParse(value)
  if (middleware.success) {
    const { action_requests: requests, review_configs: configs } = middleware.data
    // One answer covers every action, so a response is allowed only if every action allows it.
    const allowedFor = (name: string) => configs.find((config) => config.action_name === name)?.allowed_decisions ?? ['approve', 'edit', 'reject']
    const allowed = new Set<ReviewResponse>(
      (['approve', 'edit', 'reject'] as const).filter((decision) => requests.every((request) => allowedFor(request.name).includes(decision)))
    )
    const actions = requests.map((request) => ({ name: request.name, args: request.args, description: request.description ?? undefined }))
    return { format: 'hitl-middleware', actions, allowed }
  }
  return { format: 'unknown', value }
}

/** The actions a payload proposes, whatever its format. */
export function proposedActions(payload: InterruptPayload): ProposedAction[] {
  if (payload.format === 'agent-inbox') return [payload.action]
  return payload.format === 'hitl-middleware' ? payload.actions : []
}

/**
 * The proposal as the reviewer edits it: one action's arguments, or for several actions a list of
 * `{name, args}` so each can be edited. Pretty-printed, so Monaco's diff shows edits line by line.
 */
export function proposalJson(payload: InterruptPayload): string {
  const actions = proposedActions(payload)
  if (payload.format === 'unknown') return stringifyJson(payload.value ?? null, 2)
  if (actions.length === 1) return stringifyJson(actions[0]!.args, 2)
  return stringifyJson(actions.map(({ name, args }) => ({ name, args })), 2)
}
