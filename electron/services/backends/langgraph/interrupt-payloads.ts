import { z } from 'zod'
import { stringifyJson } from '../../../../shared/json/exact-json'

/**
 * What agents pass to LangGraph's `interrupt()` when they pause for a human, read into one shape:
 * the actions proposed, each with the answers it allows. Three payloads are answerable, each
 * answered in its own format and spelling (see resume-answer.ts); anything else is still shown,
 * with the reason it cannot be answered here, and never answered with a guess.
 */

/**
 * A JSON object passed through as parsed, not rebuilt: `z.record` copies members into a new object,
 * where a member named `__proto__` sets the copy's prototype instead, and vanishes from what the
 * reviewer is shown while the graph still runs with it.
 */
const jsonObjectSchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be a JSON object')

/** Agent Inbox's `HumanInterrupt` (`@langchain/langgraph/prebuilt`, snake_case only). */
const humanInterruptSchema = z.object({
  action_request: z.object({ action: z.string().min(1).max(200), args: jsonObjectSchema }),
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

/**
 * Tool calls one middleware interrupt may ask about, each a case: a model's turn has a handful; a
 * graph fanning out over a list may have hundreds. Past this the request is shown, not answered.
 */
const MAX_TOOL_CALLS = 500

/**
 * One tool call the middleware asks about. Its `args` are passed through from the model as they
 * are: usually an object, but langchain does not check, so a string or a list is read too (such a
 * call can be approved or rejected, not edited).
 */
const actionRequestSchema = z.object({ name: z.string().min(1).max(200), args: z.unknown(), description: z.string().nullish() })
/** A JSON Schema for edited arguments; larger ones are not read. */
const argsSchemaSchema = z.record(z.string(), z.unknown()).refine((schema) => stringifyJson(schema).length <= 50_000, 'is over 50,000 characters')

/**
 * LangChain's `humanInTheLoopMiddleware` as the JS package (langchain 1.x) writes it: camelCase,
 * `{actionRequests: [{name, args, description?}], reviewConfigs: [{actionName, allowedDecisions, argsSchema?}]}`.
 */
const middlewareCamelSchema = z.object({
  actionRequests: z.array(actionRequestSchema).min(1).max(MAX_TOOL_CALLS),
  reviewConfigs: z.array(z.object({ actionName: z.string(), allowedDecisions: z.array(z.string()), argsSchema: argsSchemaSchema.nullish() })).default([])
})

/** The same middleware as LangChain's Python package writes it: snake_case. */
const middlewareSnakeSchema = z.object({
  action_requests: z.array(actionRequestSchema).min(1).max(MAX_TOOL_CALLS),
  review_configs: z.array(z.object({ action_name: z.string(), allowed_decisions: z.array(z.string()), args_schema: argsSchemaSchema.nullish() })).default([])
})

/** A headless tool (langchain's `tool()` without an implementation) asks its client to run it. */
const headlessToolSchema = z.object({ type: z.literal('tool'), toolCall: z.object({ name: z.string(), args: z.unknown() }) })

/** What a reviewer may answer, in Countersign's words; each format spells them its own way. */
export type ReviewResponse = 'approve' | 'edit' | 'respond' | 'reject' | 'ignore'

/** How a middleware payload spells its keys; its answer must be spelled the same way. */
export type Spelling = 'camelCase' | 'snake_case'

export interface ProposedAction {
  name: string
  /** The tool's arguments as the agent sent them: an object, except from a middleware passing on what a model wrote. */
  args: unknown
  description?: string
  /** The answers this action allows (the middleware sets them per tool). */
  allowed: ReadonlySet<ReviewResponse>
  /** A JSON Schema edited arguments must meet, when the interrupt carries one. */
  argsSchema?: Record<string, unknown>
}

export type InterruptPayload =
  | { format: 'agent-inbox'; actions: [ProposedAction] }
  | { format: 'hitl-middleware'; spelling: Spelling; actions: ProposedAction[] }
  | { format: 'unanswerable'; kind: 'unknown' | 'headless-tool' | 'breakpoint'; reason: string; value: unknown }

const MIDDLEWARE_DECISIONS = ['approve', 'edit', 'reject'] as const

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
    return { format: 'agent-inbox', actions: [{ name: request.action_request.action, args: request.action_request.args, description, allowed }] }
  }
  const camel = middlewareCamelSchema.safeParse(value)
  if (camel.success) {
    const configs = camel.data.reviewConfigs.map((config) => ({ name: config.actionName, decisions: config.allowedDecisions, argsSchema: config.argsSchema ?? undefined }))
    return { format: 'hitl-middleware', spelling: 'camelCase', actions: middlewareActions(camel.data.actionRequests, configs) }
  }
  const snake = middlewareSnakeSchema.safeParse(value)
  if (snake.success) {
    const configs = snake.data.review_configs.map((config) => ({ name: config.action_name, decisions: config.allowed_decisions, argsSchema: config.args_schema ?? undefined }))
    return { format: 'hitl-middleware', spelling: 'snake_case', actions: middlewareActions(snake.data.action_requests, configs) }
  }
  const headless = headlessToolSchema.safeParse(value)
  if (headless.success) {
    const reason = `The agent asks its own client to run the tool “${headless.data.toolCall.name}” and send back the result. That is not a review: Countersign does not run tools for agents.`
    return { format: 'unanswerable', kind: 'headless-tool', reason, value }
  }
  return { format: 'unanswerable', kind: 'unknown', reason: 'The graph paused with a request Countersign does not recognise.', value }
}

/** A thread stopped at a static breakpoint (`interruptBefore`/`interruptAfter`): no interrupt() value at all. */
export const BREAKPOINT: InterruptPayload = {
  format: 'unanswerable',
  kind: 'breakpoint',
  reason: 'The graph stopped at a breakpoint (interruptBefore/interruptAfter), which asks no question Countersign can answer.',
  value: null
}

interface ReviewConfig {
  name: string
  decisions: string[]
  argsSchema?: Record<string, unknown>
}

/**
 * Each request with its tool's review config (by name, as the middleware matches them); no config
 * allows all three. Arguments that are not an object cannot be edited as arguments.
 */
function middlewareActions(requests: z.infer<typeof actionRequestSchema>[], configs: ReviewConfig[]): ProposedAction[] {
  return requests.map((request) => {
    const config = configs.find((candidate) => candidate.name === request.name)
    const decisions = config?.decisions ?? MIDDLEWARE_DECISIONS
    const editable = typeof request.args === 'object' && request.args !== null && !Array.isArray(request.args)
    const allowed = new Set<ReviewResponse>(MIDDLEWARE_DECISIONS.filter((decision) => decisions.includes(decision) && (editable || decision !== 'edit')))
    return { name: request.name, args: request.args, description: request.description ?? undefined, allowed, argsSchema: config?.argsSchema }
  })
}

/** The actions a payload proposes (none when it cannot be answered). */
export function proposedActions(payload: InterruptPayload): ProposedAction[] {
  return payload.format === 'unanswerable' ? [] : payload.actions
}
