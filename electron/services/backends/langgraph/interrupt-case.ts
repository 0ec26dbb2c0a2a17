import { riskClassSchema, UNDECLARED_RISK, type Case, type OptionEffect } from '../../../../shared/domain/case'
import { approvalEffect } from '../../../../shared/domain/option-effect'
import { stringifyJson } from '../../../../shared/json/exact-json'
import { proposedActions, type InterruptPayload, type ProposedAction, type ReviewResponse } from './interrupt-payloads'
import { clipped, fencedBlock, threadSource, type ThreadSource } from './thread-transcript'

export interface ThreadFacts {
  thread_id: string
  /** When the thread was made: a case's time, since `updated_at` moves with every metadata write. */
  created_at?: string
  updated_at: string
  metadata: Record<string, unknown>
  values: unknown
}

/**
 * Which request of a thread a case answers: an interrupt (or, at a breakpoint, the paused task),
 * and for a middleware interrupt proposing several tool calls, which one (0-based).
 */
export interface CaseRef {
  threadId: string
  interruptId: string
  actionIndex: number | null
}

/**
 * A case id joins the ids that identify the request: `<thread>:<interrupt>`, and `#<n>` (1-based)
 * after it for the n-th of several tool calls in one interrupt. Thread ids are UUIDs and interrupt
 * ids hex, so neither contains `:` or `#`.
 */
export function interruptCaseId({ threadId, interruptId, actionIndex }: CaseRef): string {
  return `${threadId}:${interruptId}${actionIndex === null ? '' : `#${actionIndex + 1}`}`
}

export function splitCaseId(caseId: string): CaseRef {
  const at = caseId.lastIndexOf(':')
  const [interruptId = '', action] = caseId.slice(at + 1).split('#')
  return { threadId: caseId.slice(0, at), interruptId, actionIndex: action === undefined ? null : Number(action) - 1 }
}

const DAY_MS = 24 * 60 * 60 * 1000

const RESPONSE_OPTIONS: Record<ReviewResponse, { label: string; via?: 'approve' | 'reject'; requiresEdit?: true }> = {
  approve: { label: 'Accept as proposed', via: 'approve' },
  edit: { label: 'Edit the arguments, then accept', via: 'approve', requiresEdit: true },
  respond: { label: 'Answer the agent with a reason', via: 'reject' },
  reject: { label: 'Reject with a reason', via: 'reject' },
  ignore: { label: 'Ignore the request' }
}

/**
 * What each answer does, from the interrupt's own terms (HITL `allowedDecisions`, Agent Inbox
 * `allow_*`): accepting or editing lets the tool call run — irreversible, and confirmed, as the
 * risk the graph's owners declare says (nothing declared: confirmed); answering back,
 * rejecting or ignoring stops it.
 */
function responseEffect(response: ReviewResponse, risk: Case['risk']): OptionEffect {
  if (response === 'approve' || response === 'edit') return approvalEffect(risk)
  return { actsOnProposal: false, needsConfirmation: false, irreversible: false }
}

/** Of a conversation, the end the briefing quotes: the latest turns, where the question is. */
const BRIEFED_CONVERSATION_CHARS = 4_000

/**
 * The cases for one pending request, before validation (the ingest validates and quarantines):
 * one per proposed tool call, each with the answers that call allows and its arguments as the
 * proposal (JSON, editable when allowed, with the interrupt's argument schema). For an agent, the
 * source is the call as the agent made it, so the diff shows exactly the reviewer's edits, and the
 * conversation's latest turns follow the call's description in the briefing; for other graphs the
 * source is the thread's state. A request that cannot be answered is one read-only case saying
 * why, its raw value shown.
 */
export function interruptCases(thread: ThreadFacts, ref: Omit<CaseRef, 'actionIndex'>, payload: InterruptPayload): Record<string, unknown>[] {
  if (payload.format === 'unanswerable') return [unanswerableCase(thread, ref, payload)]
  const actions = proposedActions(payload)
  const several = actions.length > 1
  const state = threadSource(thread.values)
  const { risk } = declaredRisk(thread.metadata)
  return actions.map((action, index) => {
    const args = stringifyJson(action.args, 2)
    if (tooLongToAnswer(args)) {
      // Shown in part and not answered: an edit or an approval would be of arguments the reviewer could not see whole.
      return baseCase(thread, { ...ref, actionIndex: several ? index : null }, payload, {
        title: `${action.name}${several ? ` (${index + 1} of ${actions.length})` : ''} · ${graphOf(thread)}`,
        decisionNeeded: `The arguments of ${action.name} are ${args.length.toLocaleString('en')} characters, more than Countersign shows whole (${MAX_ANSWERABLE_ARGS_CHARS.toLocaleString('en')}); answer it where the graph’s owners do. Countersign leaves the thread alone.`,
        options: [],
        proposal: { text: clipped(args, MAX_PROPOSAL_CHARS), destination: clip(`Tool call: ${action.name}`, 200), format: 'json', editable: false }
      })
    }
    const conversation = state.kind === 'conversation' ? `**Conversation so far**\n\n${fencedBlock(clipped(state.transcript, BRIEFED_CONVERSATION_CHARS, true))}` : null
    const briefing = [action.description, conversation].filter((part) => part).join('\n\n')
    const source: Case['source'] | null = state.kind === 'conversation' ? { title: `${action.name} as the agent proposed it`, text: args, language: 'json' } : null
    return baseCase(thread, { ...ref, actionIndex: several ? index : null }, payload, {
      title: `${action.name}${several ? ` (${index + 1} of ${actions.length})` : ''} · ${graphOf(thread)}`,
      decisionNeeded: decisionNeeded(action, index, actions),
      briefing: briefing ? clip(briefing, 20_000) : undefined,
      source: source ?? undefined,
      options: [...action.allowed].map((id) => ({ id, ...RESPONSE_OPTIONS[id], effect: responseEffect(id, risk) })),
      proposal: {
        text: args,
        destination: clip(`Tool call: ${action.name}`, 200),
        format: 'json',
        editable: action.allowed.has('edit'),
        ...(action.argsSchema && action.allowed.has('edit') ? { jsonSchema: action.argsSchema } : {})
      }
    })
  })
}

/**
 * A thread the server lists as interrupted but that cannot be read at all: still a case, saying
 * why, so nothing the server lists disappears; the thread is left alone.
 */
export function unreadableThreadCase(raw: unknown, threadId: string, problem: string): Record<string, unknown> {
  // Its own times if it has them, so that its case changes (and gets a new revision) only when the thread does.
  const times = (raw ?? {}) as { created_at?: unknown; updated_at?: unknown }
  const facts: ThreadFacts = {
    thread_id: threadId,
    created_at: typeof times.created_at === 'string' ? times.created_at : undefined,
    updated_at: typeof times.updated_at === 'string' ? times.updated_at : '',
    metadata: {},
    values: raw
  }
  const reason = `The LangGraph server lists this thread as interrupted, but its answer cannot be read: ${problem}`
  return baseCase(facts, { threadId, interruptId: 'unreadable', actionIndex: null }, null, {
    title: `Thread ${threadId.slice(0, 8)} cannot be read · LangGraph`,
    decisionNeeded: `${clip(reason, 1_500)} Countersign leaves the thread alone; its raw answer is shown.`,
    options: [],
    proposal: { text: clipped(stringifyJson(raw ?? null, 2), MAX_PROPOSAL_CHARS), destination: 'The thread as the server sent it', format: 'json', editable: false }
  })
}

function unanswerableCase(thread: ThreadFacts, ref: Omit<CaseRef, 'actionIndex'>, payload: Extract<InterruptPayload, { format: 'unanswerable' }>): Record<string, unknown> {
  const title = payload.kind === 'breakpoint' ? 'Breakpoint' : payload.kind === 'headless-tool' ? 'Tool for the client' : 'Interrupt'
  return baseCase(thread, { ...ref, actionIndex: null }, payload, {
    title: `${title} in ${graphOf(thread)}`,
    decisionNeeded: `${payload.reason} Answer it where the graph’s owners do; Countersign leaves the thread alone.`,
    options: [],
    proposal: { text: clipped(stringifyJson(payload.value ?? null, 2), MAX_PROPOSAL_CHARS), destination: 'The raw interrupt value', format: 'json', editable: false }
  })
}

interface CaseParts {
  title: string
  decisionNeeded: string
  briefing?: string
  /** What the left side of the diff shows; the thread's state or conversation when absent. */
  source?: Case['source']
  options: unknown[]
  proposal: Record<string, unknown>
}

/** Raw values shown as a read-only proposal are cut here. */
const MAX_PROPOSAL_CHARS = 200_000
/** A tool call whose arguments (as JSON) are longer than a case's text may be is shown, cut, and not answered. */
const MAX_ANSWERABLE_ARGS_CHARS = 1_000_000

/** Whether a tool call's arguments (`args`, as JSON text, or the arguments themselves) are too long for Countersign to answer: its case shows them cut. */
export function tooLongToAnswer(args: unknown): boolean {
  return (typeof args === 'string' ? args : stringifyJson(args ?? null, 2)).length > MAX_ANSWERABLE_ARGS_CHARS
}

/** The thread's state as the source: its conversation as a transcript, or its JSON. */
function stateSource(threadId: string, state: ThreadSource): Case['source'] {
  return state.kind === 'conversation'
    ? { title: `Thread ${threadId.slice(0, 8)} conversation`, text: state.transcript, language: 'plaintext' }
    : { title: `Thread ${threadId.slice(0, 8)} state`, text: state.json, language: 'json' }
}

function baseCase(thread: ThreadFacts, ref: CaseRef, payload: InterruptPayload | null, parts: CaseParts): Record<string, unknown> {
  const graph = graphOf(thread)
  const rule = payload === null ? 'unreadable-thread' : payload.format === 'unanswerable' ? payload.kind : payload.format
  // LangGraph keeps no time for an interrupt, and `updated_at` moves with every metadata write
  // (claims, decision markers): a case's times run from the thread's creation, so they stay put.
  const pausedAt = new Date(Date.parse(thread.created_at ?? thread.updated_at) || Date.now())
  const { risk, problem } = declaredRisk(thread.metadata)
  return {
    id: interruptCaseId(ref),
    // LangGraph keeps no revisions: the cache numbers them (the adapter's `revisions: 'cache'`).
    revision: 1,
    kind: 'text-approval',
    title: clip(parts.title, 500),
    decisionNeeded: clip(parts.decisionNeeded, 2000),
    ...(parts.briefing ? { briefing: parts.briefing } : {}),
    pauseReason: {
      code: 'policy-rule',
      rule: `interrupt:${rule}`,
      detail: clip(`The ${graph} graph paused for a human (thread ${ref.threadId}).${problem ? ` ${problem}` : ''}`, 2000)
    },
    source: parts.source ?? stateSource(ref.threadId, threadSource(thread.values)),
    options: parts.options,
    risk,
    ownership: {
      assignee: clip(metadataString(thread.metadata['assignee']) ?? 'Unassigned', 500),
      queue: clip(graph, 200),
      createdAt: pausedAt.toISOString(),
      dueAt: new Date(pausedAt.getTime() + DAY_MS).toISOString(),
      priority: priorityOf(thread.metadata['priority']),
      fallback: 'The thread stays paused until someone answers.'
    },
    provenance: {
      workflow: { name: clip(graph, 500), version: clip(metadataString(thread.metadata['assistant_id']) ?? 'default assistant', 100) },
      policy: { name: 'Human interrupt', version: payload?.format === 'hitl-middleware' ? `hitl-middleware (${payload.spelling})` : rule }
    },
    proposal: parts.proposal
  }
}

function graphOf(thread: ThreadFacts): string {
  return metadataString(thread.metadata['graph_id']) ?? 'LangGraph'
}

function decisionNeeded(action: ProposedAction, index: number, actions: ProposedAction[]): string {
  const ask = `Let the agent run ${action.name} with these arguments?`
  if (actions.length === 1) return ask
  return `${ask} It is call ${index + 1} of ${actions.length} the agent made at once (${actions.map((other) => other.name).join(', ')}); the agent resumes once each is decided.`
}

/**
 * The graph's owners may declare the action's risk in the thread's metadata (`countersign_risk`,
 * a risk class as in a case bundle); otherwise the case says its risk is not declared
 * (`declared: false`), and approving it is confirmed. A declaration that is not a valid risk class
 * is not half read: the risk is not declared, and `problem` says which fields were wrong, for the
 * case to show where it says why the graph paused.
 */
function declaredRisk(metadata: Record<string, unknown>): { risk: Case['risk']; problem: string | null } {
  const stated = metadata['countersign_risk']
  if (stated === undefined) return { risk: UNDECLARED_RISK, problem: null }
  const declared = riskClassSchema.safeParse(stated)
  if (declared.success) return { risk: declared.data, problem: null }
  const fields = declared.error.issues.map((issue) => `${['countersign_risk', ...issue.path].join('.')}: ${issue.message}`)
  return { risk: UNDECLARED_RISK, problem: `Its risk is shown as not declared: the thread's countersign_risk metadata is not a valid risk class (${clip(fields.join('; '), 1_000)}).` }
}

function priorityOf(value: unknown): Case['ownership']['priority'] {
  return value === 'low' || value === 'high' || value === 'urgent' ? value : 'normal'
}

/** A metadata value that is a non-empty string, trimmed. */
export function metadataString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/** `text` cut to at most `max` characters, an ellipsis marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
