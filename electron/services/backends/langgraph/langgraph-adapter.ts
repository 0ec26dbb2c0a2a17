import { z } from 'zod'
import type { BackendConfig } from '../../../../shared/backends/backend-config'
import type { CaseChange, DecisionEnvelope } from '../../../../shared/review-api/protocol'
import { BackendError, type AdapterPushResult, type BackendAdapter } from '../backend-adapter'
import { HttpStatusError, requestJson } from '../http-json'
import { interruptCase, interruptCaseId, metadataString, splitCaseId, type ThreadFacts } from './interrupt-case'
import { readInterruptPayload } from './interrupt-payloads'
import { resumePlan } from './resume-answer'

export interface LanggraphOptions {
  config: Extract<BackendConfig, { kind: 'langgraph' }>
  /** The API key, read from the keychain when first needed; null when the server needs none. */
  readApiKey(): Promise<string | null>
  requestTimeoutMs?: number
  pageSize?: number
}

const threadSchema = z.object({
  thread_id: z.string().min(1).max(100),
  updated_at: z.string(),
  status: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).nullish().transform((metadata) => metadata ?? {}),
  values: z.unknown(),
  interrupts: z
    .record(z.string(), z.array(z.object({ id: z.string().min(1).max(100), value: z.unknown() })))
    .nullish()
    .transform((interrupts) => interrupts ?? {})
})
type Thread = z.infer<typeof threadSchema>

/** A result not yet tied to a decision: the same for every decision a resume carried. */
type Outcome = AdapterPushResult extends infer Result ? (Result extends unknown ? Omit<Result, 'decisionId'> : never) : never

/** Threads answered at once while pushing: enough to overlap round trips, few enough not to crowd the server. */
const PUSH_CONCURRENCY = 8

/** Where a thread's metadata keeps the signed decision that answered one of its interrupts. */
export function decisionMetadataKey(interruptId: string): string {
  return `countersign:${interruptId}`
}

/**
 * A LangGraph server as a backend: each pending interrupt of an interrupted thread is a case, and
 * a decision resumes the thread with the answer its payload format expects. The server has no
 * change feed, so every pull pass lists all interrupted threads and `reconcile` confirms which
 * unlisted cases are really gone. Idempotence comes from the thread's metadata: the signed
 * decision is written there before the resume, so a retry after a crash finds it and stops.
 */
export function langgraphAdapter(options: LanggraphOptions): BackendAdapter {
  const { config } = options
  const base = config.url.replace(/\/+$/, '')
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const pageSize = options.pageSize ?? 100
  let apiKey: string | null | undefined

  async function request<T extends z.ZodType>(method: string, path: string, schema: T, signal: AbortSignal, body?: unknown): Promise<z.output<T>> {
    if (apiKey === undefined) apiKey = await options.readApiKey()
    const what = `${method} ${path.replace(/[0-9a-f-]{36}/g, '{thread}')}`
    return requestJson({ backendName: config.name, method, url: base + path, what, headers: apiKey ? { 'x-api-key': apiKey } : {}, body, signal, timeoutMs }, schema)
  }

  /** The thread now, or null if it no longer exists. */
  async function currentThread(threadId: string, signal: AbortSignal): Promise<Thread | null> {
    try {
      return await request('GET', `/threads/${encodeURIComponent(threadId)}`, threadSchema, signal)
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return null
      throw error
    }
  }

  function searchFilter(): Record<string, unknown> {
    const metadata: Record<string, unknown> = { ...config.metadata }
    // Threads record both; an assistant id is a UUID, a graph id is the name in langgraph.json.
    if (config.graphId) metadata[/^[0-9a-f-]{36}$/i.test(config.graphId) ? 'assistant_id' : 'graph_id'] = config.graphId
    return Object.keys(metadata).length > 0 ? { metadata } : {}
  }

  /** Answers every decision for one thread with one look at it, one metadata write and one resume. */
  async function pushThread(threadId: string, envelopes: DecisionEnvelope[], signal: AbortSignal): Promise<AdapterPushResult[]> {
    const thread = await currentThread(threadId, signal)
    if (!thread) {
      return envelopes.map((envelope) => ({ decisionId: envelope.id, status: 'conflict', reason: 'withdrawn', detail: 'The thread no longer exists on the LangGraph server.' }))
    }
    const pending = new Map(Object.values(thread.interrupts).flat().map((interrupt) => [interrupt.id, interrupt.value]))
    const results = new Map<string, AdapterPushResult>()
    const resume: Record<string, unknown> = {}
    const markers: Record<string, DecisionEnvelope> = {}
    for (const envelope of envelopes) {
      const { interruptId } = splitCaseId(envelope.caseId)
      const marker = thread.metadata[decisionMetadataKey(interruptId)] as { id?: unknown } | null | undefined
      const ours = marker?.id === envelope.id
      if (!pending.has(interruptId)) {
        results.set(
          envelope.id,
          ours
            ? { decisionId: envelope.id, status: 'duplicate' }
            : { decisionId: envelope.id, status: 'conflict', reason: 'already-decided', detail: 'The interrupt was answered elsewhere before this decision arrived; the thread was not resumed again.' }
        )
        continue
      }
      if (marker != null && !ours) {
        results.set(envelope.id, { decisionId: envelope.id, status: 'conflict', reason: 'already-decided', detail: 'Another decision on this interrupt reached the thread first.' })
        continue
      }
      if (thread.status === 'busy') {
        results.set(envelope.id, { decisionId: envelope.id, status: 'retry', detail: 'The thread is running; the answer goes when it pauses.' })
        continue
      }
      const plan = resumePlan(readInterruptPayload(pending.get(interruptId)), envelope.record)
      if (plan.kind === 'unsupported') {
        results.set(envelope.id, { decisionId: envelope.id, status: 'rejected', code: 'unsupported', detail: plan.detail })
      } else if (plan.kind === 'nothing') {
        results.set(envelope.id, { decisionId: envelope.id, status: 'accepted' })
      } else {
        resume[interruptId] = plan.answer
        markers[decisionMetadataKey(interruptId)] = envelope
      }
    }
    const resuming = envelopes.filter((envelope) => !results.has(envelope.id))
    if (resuming.length > 0) {
      const outcome = await resumeThread(thread, resume, markers, signal)
      for (const envelope of resuming) results.set(envelope.id, { decisionId: envelope.id, ...outcome })
    }
    return envelopes.map((envelope) => results.get(envelope.id)!)
  }

  /** Writes the signed decisions to the thread's metadata, then resumes it keyed by interrupt id. */
  async function resumeThread(
    thread: Thread,
    resume: Record<string, unknown>,
    markers: Record<string, DecisionEnvelope>,
    signal: AbortSignal
  ): Promise<Outcome> {
    const assistantId = config.graphId ?? metadataString(thread.metadata['assistant_id']) ?? metadataString(thread.metadata['graph_id'])
    if (!assistantId) return { status: 'rejected', code: 'config', detail: 'The thread does not say which graph runs it; set the graph id in Settings.' }
    const path = `/threads/${encodeURIComponent(thread.thread_id)}`
    await request('PATCH', path, z.unknown(), signal, { metadata: markers })
    try {
      await request('POST', `${path}/runs`, z.object({ run_id: z.string() }), signal, { assistant_id: assistantId, command: { resume } })
      return { status: 'accepted' }
    } catch (error) {
      if (!(error instanceof HttpStatusError) || error.retryable) throw error
      // LangGraph answers 422 both when a run is active and when the thread is gone; ask which.
      const again = await currentThread(thread.thread_id, signal)
      if (!again) return { status: 'conflict', reason: 'withdrawn', detail: 'The thread no longer exists on the LangGraph server.' }
      if (again.status === 'busy') return { status: 'retry', detail: 'The thread is running; the answer goes when it pauses.' }
      // Refused for good: take the decisions back off the thread, so they do not read as applied.
      await request('PATCH', path, z.unknown(), signal, { metadata: Object.fromEntries(Object.keys(markers).map((key) => [key, null])) })
      return { status: 'rejected', code: 'refused', detail: error.message }
    }
  }

  return {
    async pull(cursor, signal) {
      const offset = cursor === null ? 0 : Number(cursor)
      if (!Number.isSafeInteger(offset) || offset < 0) throw new BackendError('protocol', `The LangGraph cursor "${cursor}" is not an offset.`)
      const threads = await request('POST', '/threads/search', z.array(threadSchema), signal, {
        status: 'interrupted',
        limit: pageSize,
        offset,
        sort_by: 'thread_id',
        sort_order: 'asc',
        ...searchFilter()
      })
      const changes: CaseChange[] = threads.flatMap((thread) =>
        Object.values(thread.interrupts)
          .flat()
          .map((interrupt) => ({ type: 'case' as const, case: interruptCase(facts(thread), { threadId: thread.thread_id, interruptId: interrupt.id, value: interrupt.value }) }))
      )
      return { changes, nextCursor: String(offset + threads.length), hasMore: threads.length === pageSize }
    },

    async reconcile(unlistedCaseIds, signal) {
      const byThread = groupBy(unlistedCaseIds, (caseId) => splitCaseId(caseId).threadId)
      const changes: CaseChange[] = []
      await forEachLimited([...byThread], PUSH_CONCURRENCY, async ([threadId, caseIds]) => {
        const thread = await currentThread(threadId, signal)
        const pending = new Set(thread?.status === 'interrupted' ? Object.values(thread.interrupts).flat().map((interrupt) => interruptCaseId(threadId, interrupt.id)) : [])
        for (const caseId of caseIds) {
          if (!pending.has(caseId)) changes.push({ type: 'withdrawn', caseId, reason: thread ? 'The interrupt was answered or the run moved on.' : 'The thread was deleted.' })
        }
      })
      return changes
    },

    async push(envelopes, signal) {
      const byThread = groupBy(envelopes, (envelope) => splitCaseId(envelope.caseId).threadId)
      const results = new Map<string, AdapterPushResult>()
      await forEachLimited([...byThread], PUSH_CONCURRENCY, async ([threadId, group]) => {
        for (const result of await pushThread(threadId, group, signal)) results.set(result.decisionId, result)
      })
      return envelopes.map((envelope) => results.get(envelope.id)!)
    },

    async checkHealth(signal) {
      await request('GET', '/ok', z.object({ ok: z.literal(true) }), signal)
    },

    // LangGraph has no owners to take cases from, and verifies no signatures (the signed record travels in the metadata).
    lookUpCase: () => null,
    registerKey: () => null
  }
}

function facts(thread: Thread): ThreadFacts {
  return { thread_id: thread.thread_id, updated_at: thread.updated_at, metadata: thread.metadata, values: thread.values }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  return groups
}

/** Runs `task` over `items`, at most `limit` at a time; the first failure fails the whole. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
