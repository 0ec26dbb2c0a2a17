import { riskClassSchema, type Case } from '../../../../shared/domain/case'
import { stringifyJson } from '../../../../shared/json/exact-json'
import { proposalJson, proposedActions, readInterruptPayload, type InterruptPayload, type ReviewResponse } from './interrupt-payloads'

export interface PendingInterrupt {
  threadId: string
  interruptId: string
  value: unknown
}

export interface ThreadFacts {
  thread_id: string
  updated_at: string
  metadata: Record<string, unknown>
  values: unknown
}

/** A thread's interrupt is a case: its id joins the two ids that identify the interrupt. */
export function interruptCaseId(threadId: string, interruptId: string): string {
  return `${threadId}:${interruptId}`
}

export function splitCaseId(caseId: string): { threadId: string; interruptId: string } {
  const at = caseId.lastIndexOf(':')
  return { threadId: caseId.slice(0, at), interruptId: caseId.slice(at + 1) }
}

/** Thread state shown as the source is cut here: enough context, never a multi-megabyte pane. */
const MAX_SOURCE_CHARS = 200_000
const DAY_MS = 24 * 60 * 60 * 1000

const RESPONSE_OPTIONS: Record<ReviewResponse, { label: string; via?: 'approve' | 'reject' }> = {
  approve: { label: 'Accept as proposed', via: 'approve' },
  edit: { label: 'Edit the arguments, then accept', via: 'approve' },
  respond: { label: 'Answer the agent with a reason', via: 'reject' },
  reject: { label: 'Reject with a reason', via: 'reject' },
  ignore: { label: 'Ignore the request' }
}

/**
 * The case for one pending interrupt, before validation (the ingest validates and quarantines).
 * The action's arguments are the proposal, as JSON, editable when the interrupt allows edits.
 */
export function interruptCase(thread: ThreadFacts, interrupt: PendingInterrupt): Record<string, unknown> {
  const payload = readInterruptPayload(interrupt.value)
  const graph = metadataString(thread.metadata['graph_id']) ?? 'LangGraph'
  const actions = proposedActions(payload)
  const names = actions.map((action) => action.name)
  const pausedAt = new Date(Date.parse(thread.updated_at) || Date.now())
  const proposal: Case['proposal'] = {
    text: proposalJson(payload),
    destination: payload.format === 'unknown' ? 'The raw interrupt value' : `${names.length > 1 ? 'Tool calls' : 'Tool call'}: ${names.join(', ')}`,
    format: 'json',
    editable: payload.format !== 'unknown' && payload.allowed.has('edit')
  }
  return {
    id: interruptCaseId(interrupt.threadId, interrupt.interruptId),
    revision: 1,
    kind: 'text-approval',
    title: clip(payload.format === 'unknown' ? `Interrupt in ${graph}` : `${names[0]}${names.length > 1 ? ` + ${names.length - 1} more` : ''} · ${graph}`, 500),
    decisionNeeded: decisionNeeded(payload, names),
    briefing: briefingOf(payload),
    pauseReason: {
      code: 'policy-rule',
      rule: `interrupt:${payload.format}`,
      detail: `The ${graph} graph called interrupt() and waits for a human (thread ${interrupt.threadId}).`
    },
    source: { title: `Thread ${interrupt.threadId.slice(0, 8)} state`, text: sourceText(thread.values), language: 'json' },
    options: payload.format === 'unknown' ? [] : [...payload.allowed].map((id) => ({ id, ...RESPONSE_OPTIONS[id] })),
    risk: declaredRisk(thread.metadata),
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
      policy: { name: 'Human interrupt', version: payload.format }
    },
    proposal
  }
}

function decisionNeeded(payload: InterruptPayload, names: string[]): string {
  if (payload.format === 'unknown') return 'The graph paused with a request Countersign does not recognise. Its raw value is shown; answer it where the graph’s owners do.'
  return names.length > 1 ? `Let the agent run ${names.join(' and ')} with these arguments?` : `Let the agent run ${names[0]} with these arguments?`
}

function briefingOf(payload: InterruptPayload): string | undefined {
  const actions = proposedActions(payload).filter((action) => action.description)
  if (actions.length === 0) return undefined
  const text = actions.length === 1 ? actions[0]!.description! : actions.map((action) => `**${action.name}**: ${action.description}`).join('\n\n')
  return clip(text, 20_000)
}

function sourceText(values: unknown): string {
  const text = stringifyJson(values ?? {}, 2)
  return text.length <= MAX_SOURCE_CHARS ? text : `${text.slice(0, MAX_SOURCE_CHARS)}\n… (${text.length - MAX_SOURCE_CHARS} more characters not shown)`
}

/** The graph's owners may declare the action's risk in the thread's metadata; otherwise nothing is claimed beyond "internal". */
function declaredRisk(metadata: Record<string, unknown>): Case['risk'] {
  const declared = riskClassSchema.safeParse(metadata['countersign_risk'])
  if (declared.success) return declared.data
  return { reversible: true, audience: 'internal', touchesMoney: false, touchesAccess: false, touchesLegal: false }
}

function priorityOf(value: unknown): Case['ownership']['priority'] {
  return value === 'low' || value === 'high' || value === 'urgent' ? value : 'normal'
}

/** A metadata value that is a non-empty string, trimmed. */
export function metadataString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
