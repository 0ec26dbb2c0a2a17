import { z } from 'zod'
import type { BackendConfig } from '../../../../shared/backends/backend-config'
import { describeIssues } from '../../../../shared/domain/validation-message'
import type { CaseChange, DecisionEnvelope } from '../../../../shared/review-api/protocol'
import { BackendError, ProtocolFaultError, type AdapterPushResult, type BackendAdapter } from '../backend-adapter'
import { sha256Hex } from '../../hashing'
import { HttpStatusError, requestJson } from '../http-json'
import { canonicalId, sameId } from '../ids'
import { clip, interruptCases, metadataString, splitCaseId, tooLongToAnswer, unreadableThreadCase, type CaseRef, type ThreadFacts } from './interrupt-case'
import { BREAKPOINT, readInterruptPayload, type InterruptPayload } from './interrupt-payloads'
import { describeAsked, headStateSchema, pendingAtHead, taskError, waitedRunSchema } from './head-checkpoint'
import { actionPlan, resumeAnswer, type ActionDecision } from './resume-answer'
import { checkpointWriters, historySchema, inFlight, interruptTaker, RECENT_HISTORY, RUN_DECISIONS_KEY, RUNS_MAX, runsCarrying, runsSchema, runStatusSchema, threadRuns, type ThreadRun } from './answer-evidence'

export interface LanggraphOptions {
  config: Extract<BackendConfig, { kind: 'langgraph' }>
  /** The API key, read from the keychain when first needed; null when the server needs none. */
  readApiKey(): Promise<string | null>
  /** Who pulls: a thread whose `assignee` metadata names someone else (a reroute wrote it) is theirs, not in this reviewer's queue. */
  reviewer: string
  requestTimeoutMs?: number
  pageSize?: number
}

const threadSchema = z.object({
  thread_id: z.string().min(1).max(100).transform(canonicalId),
  created_at: z.string().optional(),
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
/** How long a push waits, after resuming, for the run to end, and how often it looks. */
const RESUME_CHECK_MS = 3_000
const RESUME_POLL_MS = 250

/**
 * What a thread shows about who answered its interrupts: the thread now, its runs as listed, and
 * which runs wrote its latest checkpoints (read only while a run is going, or after one of
 * Countersign's failed); with the run Countersign just made, when it did.
 */
interface Evidence {
  thread: Thread
  runs: ThreadRun[]
  wroteCheckpoint: ReadonlySet<string>
  ownRunId?: string
  /** Runs (not cancelled) made by others between Countersign's look at the thread and its resume: the thread may no longer have waited on what it answered. */
  racers?: ThreadRun[]
}

/** Why nothing can be said while the server does not list a thread's runs. */
const RUNS_UNLISTED: Outcome = {
  status: 'retry',
  detail: 'The server does not list this thread’s runs (HTTP 404); Countersign needs them to tell whose answer the thread took, and looks again.'
}
/** Why nothing is sent to a thread with more runs than Countersign reads. */
const RUNS_TOO_MANY: Outcome = {
  status: 'rejected',
  code: 'unsupported',
  detail: `The thread has ${RUNS_MAX.toLocaleString('en')} runs or more; Countersign reads at most that many to tell whose answer the thread took, so it sends nothing there. Answer it where the graph’s owners do.`
}

/** Where a thread's metadata keeps the signed decision on one of its requests (one tool call of an interrupt, or all of it). */
export function decisionMetadataKey(ref: Omit<CaseRef, 'threadId'>): string {
  return `countersign:${ref.interruptId}${ref.actionIndex === null ? '' : `#${ref.actionIndex + 1}`}`
}

/** A request a paused thread waits on: an interrupt() value, or the task stopped at a breakpoint. */
interface PendingRequest {
  interruptId: string
  payload: InterruptPayload
}

/**
 * What an interrupted thread waits on. `interrupts` maps each paused task to its interrupt()
 * values. A task listed with none is one that already took its answer while another task of the
 * same step still waits (two parallel interrupts, one answered), unless no task has a value and
 * the thread is interrupted: then each stopped at a static breakpoint, and is named by its task
 * id. A thread listed as interrupted with no task at all is one request, `paused`.
 */
function pendingRequests(thread: Thread): PendingRequest[] {
  const asked = Object.values(thread.interrupts).flatMap((interrupts) => interrupts.map((interrupt) => ({ interruptId: interrupt.id, payload: readInterruptPayload(interrupt.value) })))
  if (asked.length > 0 || (thread.status !== undefined && thread.status !== 'interrupted')) return asked
  const paused = Object.keys(thread.interrupts)
  if (paused.length === 0 && thread.status === 'interrupted') paused.push('paused')
  return paused.map((interruptId) => ({ interruptId, payload: BREAKPOINT }))
}

/** The cases a thread's pending requests make. */
function threadCases(thread: Thread): Record<string, unknown>[] {
  return pendingRequests(thread).flatMap((request) => interruptCases(facts(thread), { threadId: thread.thread_id, interruptId: request.interruptId }, request.payload))
}

/** A listed thread as a case (or several), or as a read-only case saying why it cannot be read. */
function listedThreadCases(raw: unknown): Record<string, unknown>[] {
  const parsed = threadSchema.safeParse(raw)
  if (parsed.success) return threadCases(parsed.data)
  const rawId = (raw as { thread_id?: unknown } | null)?.thread_id
  const threadId = typeof rawId === 'string' && rawId.length > 0 && rawId.length <= 100 && !/[:#]/.test(rawId) ? canonicalId(rawId) : `unnamed-${sha256Hex(JSON.stringify(raw) ?? 'null').slice(0, 16)}`
  return [unreadableThreadCase(raw, threadId, describeIssues(parsed.error))]
}

/**
 * A LangGraph server as a backend: each pending interrupt of an interrupted thread is a case, and
 * a decision resumes the thread with the answer its payload format expects. The server has no
 * change feed, so every pull pass lists all interrupted threads and `reconcile` confirms which
 * unlisted cases are really gone. The server keeps no revisions, so the cache numbers them
 * (`revisions: 'cache'`). Idempotence and delivery come from the thread itself: a resume run
 * carries its signed decisions in its metadata, and the thread's history shows which run took
 * each answer (answer-evidence.ts), so a retry after a crash finds its run and sends nothing again.
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

  /** The interrupts the thread's head checkpoint waits on (see head-checkpoint.ts), or null if the thread no longer exists. */
  async function headInterrupts(threadId: string, signal: AbortSignal): Promise<Set<string> | null> {
    try {
      return pendingAtHead(await request('GET', `/threads/${encodeURIComponent(threadId)}/state`, headStateSchema, signal))
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return null
      throw error
    }
  }

  /** The thread now, or null if it no longer exists; an answer about another thread is a protocol fault. */
  async function currentThread(threadId: string, signal: AbortSignal): Promise<Thread | null> {
    let thread: Thread
    try {
      thread = await request('GET', `/threads/${encodeURIComponent(threadId)}`, threadSchema, signal)
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return null
      throw error
    }
    if (!sameId(thread.thread_id, threadId)) {
      throw new ProtocolFaultError('mismatched-answer', `${config.name} broke the sync protocol: asked for thread ${threadId}, it answered with thread ${thread.thread_id}.`)
    }
    return thread
  }

  function searchFilter(): Record<string, unknown> {
    const metadata: Record<string, unknown> = { ...config.metadata }
    // Threads record both; an assistant id is a UUID, a graph id is the name in langgraph.json.
    if (config.graphId) metadata[/^[0-9a-f-]{36}$/i.test(config.graphId) ? 'assistant_id' : 'graph_id'] = config.graphId
    return Object.keys(metadata).length > 0 ? { metadata } : {}
  }

  /**
   * Answers every decision for one thread with one look at it and at most one resume. A middleware
   * interrupt proposing several tool calls is one case per call: each decision is stored on the
   * thread's metadata as it arrives, and the thread resumes once every call of the interrupt has
   * one, with all of them in request order.
   *
   * A decision is delivered only once the thread's runs show the run carrying it took the
   * interrupt's answer (answer-evidence.ts, `deliveryOutcome`); its signed envelope is then written
   * to the thread's metadata. A decision whose run exists is never sent again. An answer goes only
   * to an interrupt the thread's head checkpoint still waits on; one the thread lists but its head
   * no longer waits on had its state written under it, and is settled as a 'revised' conflict
   * saying what the graph asks now (`askAgain`).
   */
  async function pushThread(threadId: string, envelopes: DecisionEnvelope[], signal: AbortSignal): Promise<AdapterPushResult[]> {
    const [thread, atHead, runs] = await Promise.all([currentThread(threadId, signal), headInterrupts(threadId, signal), listRuns(threadId, signal)])
    if (!thread) {
      return envelopes.map((envelope) => ({ decisionId: envelope.id, status: 'conflict', reason: 'withdrawn', detail: 'The thread no longer exists on the LangGraph server.' }))
    }
    if (!atHead) return envelopes.map((envelope) => ({ decisionId: envelope.id, status: 'retry', detail: 'The thread is there, but its state cannot be read (HTTP 404); the answer goes once it can.' }))
    if (!Array.isArray(runs)) return envelopes.map((envelope) => ({ decisionId: envelope.id, ...runs }) as AdapterPushResult)
    // A decision stored on the thread whose run ended while the interrupt still waits was not taken: it no longer stands for the call.
    const liveMarker = (key: string): { id?: unknown; record?: unknown } | null => {
      const marker = thread.metadata[key] as { id?: unknown; record?: unknown } | null | undefined
      if (marker == null || typeof marker.id !== 'string') return null
      const carriers = runsCarrying(runs, marker.id)
      return carriers.length > 0 && !carriers.some((run) => inFlight(run.status)) ? null : marker
    }
    const pending = new Map(pendingRequests(thread).map((request) => [request.interruptId, request.payload]))
    const results = new Map<string, AdapterPushResult>()
    const markers: Record<string, DecisionEnvelope> = {}
    const decided = new Map<string, Map<number, ActionDecision>>()
    const sentFor = new Map<string, DecisionEnvelope[]>()
    const unreachable: DecisionEnvelope[] = []
    const answered = new Map<DecisionEnvelope, string>()
    const settle = (envelope: DecisionEnvelope, result: Outcome) => results.set(envelope.id, { decisionId: envelope.id, ...result } as AdapterPushResult)
    for (const envelope of envelopes) {
      const ref = splitCaseId(envelope.caseId)
      const marker = liveMarker(decisionMetadataKey(ref))
      const payload = pending.get(ref.interruptId)
      if (!payload || runsCarrying(runs, envelope.id).length > 0) {
        // Answered, or tried: the thread's runs say by whom.
        answered.set(envelope, ref.interruptId)
        continue
      }
      if (marker !== null && !sameId(marker.id, envelope.id)) {
        settle(envelope, { status: 'conflict', reason: 'already-decided', detail: 'Another decision on this interrupt reached the thread first.' })
        continue
      }
      if (thread.status === 'busy') {
        settle(envelope, { status: 'retry', detail: 'The thread is running; the answer goes when it pauses.' })
        continue
      }
      const plan = actionPlan(payload, ref.actionIndex ?? 0, envelope.record)
      if (plan.kind === 'unsupported') settle(envelope, { status: 'rejected', code: 'unsupported', detail: plan.detail })
      else if (plan.kind === 'nothing') settle(envelope, { status: 'accepted' })
      else if (plan.kind === 'reassign') {
        // No decision marker: the request stays open for the new assignee to answer.
        await request('PATCH', `/threads/${encodeURIComponent(thread.thread_id)}`, z.unknown(), signal, { metadata: { assignee: plan.assignee } })
        settle(envelope, { status: 'accepted' })
      } else if (!atHead.has(ref.interruptId)) {
        unreachable.push(envelope)
      } else {
        markers[decisionMetadataKey(ref)] = envelope
        decided.set(ref.interruptId, (decided.get(ref.interruptId) ?? new Map()).set(ref.actionIndex ?? 0, plan.decision))
        sentFor.set(ref.interruptId, [...(sentFor.get(ref.interruptId) ?? []), envelope])
      }
    }
    if (unreachable.length > 0) {
      const detail = await askAgain(thread, atHead, signal)
      for (const envelope of unreachable) settle(envelope, { status: 'conflict', reason: 'revised', detail })
    }
    if (answered.size > 0) {
      const evidence = await withWriters(thread, runs, signal)
      for (const [envelope, interruptId] of answered) settle(envelope, await deliveryOutcome(evidence, interruptId, envelope.id, 'duplicate', signal))
      const delivered = [...answered.keys()].filter((envelope) => results.get(envelope.id)?.status === 'duplicate')
      await recordDelivered(thread, Object.assign({}, ...delivered.map((envelope) => runsCarrying(runs, envelope.id)[0]!.decisions)), signal)
    }
    const resume: Record<string, unknown> = {}
    const carried: Record<string, DecisionEnvelope> = {}
    for (const [interruptId, decisions] of decided) {
      const payload = pending.get(interruptId) as Extract<InterruptPayload, { actions: unknown }>
      const refs = payload.actions.map((_, index) => ({ interruptId, actionIndex: payload.actions.length > 1 ? index : null }))
      // The request is answered as one: a call Countersign cannot answer (shown cut) holds the others for ever.
      const blocked = payload.actions.find((action) => tooLongToAnswer(action.args))
      if (blocked) {
        for (const envelope of sentFor.get(interruptId)!) {
          delete markers[decisionMetadataKey(splitCaseId(envelope.caseId))]
          settle(envelope, { status: 'rejected', code: 'unsupported', detail: `This request also proposes ${blocked.name}, whose arguments are too long for Countersign to show whole, and LangGraph takes a request's calls as one answer: answer it where the graph’s owners do.` })
        }
        continue
      }
      const all = refs.map((ref, index) => decisions.get(index) ?? storedDecision(liveMarker(decisionMetadataKey(ref)), payload, ref))
      if (!all.every((decision) => decision !== null)) continue
      resume[interruptId] = resumeAnswer(payload, all)
      for (const ref of refs) carried[decisionMetadataKey(ref)] = markers[decisionMetadataKey(ref)] ?? (thread.metadata[decisionMetadataKey(ref)] as DecisionEnvelope)
    }
    // A call decided while others of its interrupt wait is stored on the thread, to go with them.
    const stored = Object.fromEntries(Object.entries(markers).filter(([key]) => !(key in carried)))
    if (Object.keys(stored).length > 0) await request('PATCH', `/threads/${encodeURIComponent(thread.thread_id)}`, z.unknown(), signal, { metadata: stored })
    const waiting: Outcome = { status: 'retry', detail: 'Stored on the thread; it goes to the agent once every tool call of this request is decided.' }
    const resumed = Object.keys(resume).length > 0 ? await resumeThread(thread, resume, carried, runs, signal) : null
    for (const [interruptId, sent] of sentFor) {
      for (const envelope of sent) {
        if (results.has(envelope.id)) continue
        if (!resumed || !(interruptId in resume)) settle(envelope, waiting)
        else settle(envelope, 'status' in resumed ? resumed : await deliveryOutcome(resumed, interruptId, envelope.id, 'accepted', signal))
      }
    }
    if (resumed && !('status' in resumed) && envelopes.some((envelope) => results.get(envelope.id)?.status === 'accepted')) await recordDelivered(resumed.thread, carried, signal)
    // A decision settled as not applied leaves no signed record of itself on the thread, where it would read as the answer.
    const onThread: Record<string, unknown> = { ...thread.metadata, ...stored }
    const unrecord = Object.fromEntries(
      envelopes
        .filter((envelope) => ['conflict', 'rejected'].includes(results.get(envelope.id)!.status))
        .map((envelope) => [decisionMetadataKey(splitCaseId(envelope.caseId)), envelope.id] as const)
        .filter(([key, id]) => sameId((onThread[key] as { id?: unknown } | null | undefined)?.id, id))
        .map(([key]) => [key, null])
    )
    if (Object.keys(unrecord).length > 0) await request('PATCH', `/threads/${encodeURIComponent(thread.thread_id)}`, z.unknown(), signal, { metadata: unrecord })
    return envelopes.map((envelope) => results.get(envelope.id)!)
  }

  /**
   * How decision `decisionId` on interrupt `interruptId` stands, from the thread's runs (see
   * answer-evidence.ts): delivered (as `delivered`) once the run carrying it took the answer and
   * finished, or has written a checkpoint since; a conflict if another run took it; unverified
   * (rejected, not redoable) if no listed run did, the listing cannot say, or another run slipped
   * in before the resume; not applied if its run ended while the thread still waits on the
   * interrupt; agent-failed if its run took the answer and failed before moving on; looked at
   * again later while a run that may take it is going. Its run is the one just made
   * (`ownRunId`), else the one run carrying it: a copy of its metadata on another run makes the
   * answer unverified, never delivered.
   */
  async function deliveryOutcome(evidence: Evidence, interruptId: string, decisionId: string, delivered: 'accepted' | 'duplicate', signal: AbortSignal): Promise<Outcome> {
    const { thread, runs, wroteCheckpoint, ownRunId } = evidence
    const carriers = runsCarrying(runs, decisionId)
    const ours = ownRunId ? carriers.find((run) => run.runId === ownRunId) : carriers.length === 1 ? carriers[0] : undefined
    const going = thread.status === 'busy' || carriers.some((run) => inFlight(run.status))
    const notYet: Outcome = { status: 'retry', detail: 'The agent has not taken the answer yet; Countersign checks again.' }
    const unclear = (why: string): Outcome => ({ status: 'rejected', code: 'unverified', detail: `${why} This decision is not counted as applied.` })
    if (!ours && carriers.length > 1) return unclear('Another run on the thread carries a copy of this decision, so Countersign cannot tell which was its own.')
    if (thread.status !== 'busy' && pendingRequests(thread).some((request) => request.interruptId === interruptId)) {
      if (!ours || inFlight(ours.status)) return notYet
      const how = ours.status === 'interrupted' ? 'was cancelled' : ours.status === 'error' ? 'failed or was cancelled' : `ended (${ours.status})`
      return { status: 'rejected', code: 'not-applied', detail: `The LangGraph run carrying this answer ${how} before the graph took it; the thread still waits on this request. Decide it again to send a new answer.` }
    }
    if (evidence.racers?.length) return unclear('Another run reached the thread (a new message, or another answer) between Countersign’s look at it and its answer, so Countersign cannot tell that the graph still waited on this request.')
    const taker = interruptTaker(runs, interruptId)
    if (taker.kind !== 'run') {
      if (going) return notYet
      return unclear(taker.kind === 'unclear' ? taker.why : 'The thread no longer waits on this request, and none of its runs shows which answer it took.')
    }
    if (taker.run !== ours) {
      return { status: 'conflict', reason: 'already-decided', detail: 'The interrupt was answered elsewhere before this decision reached it; the graph ran on that answer, not this one.' }
    }
    if (ours.status === 'success' || wroteCheckpoint.has(ours.runId)) return { status: delivered }
    if (inFlight(ours.status)) return notYet
    // A run stopped by another (multitask 'interrupt') also ends 'error' on langgraphjs dev; only a thread in error says it failed.
    const ended = ours.status === 'timeout' ? 'timed out' : thread.status === 'error' ? 'failed' : 'failed or was stopped'
    const now = thread.status === 'error' ? 'The thread stopped there and waits on no decision; its owner can run it again.' : `The thread has moved on (${thread.status ?? 'status unknown'}).`
    return { status: 'rejected', code: 'agent-failed', detail: `The agent took this answer, then its run ${ended}${await headError(thread.thread_id, signal)}. ${now}` }
  }

  /** Writes signed envelopes a delivered run carried (by decision metadata key) to the thread's metadata, the record for anyone who reads the thread; those already there are left alone. */
  async function recordDelivered(thread: Thread, carried: Record<string, DecisionEnvelope>, signal: AbortSignal): Promise<void> {
    const record = Object.fromEntries(Object.entries(carried).filter(([key, envelope]) => !sameId((thread.metadata[key] as { id?: unknown } | undefined)?.id, envelope?.id)))
    if (Object.keys(record).length > 0) await request('PATCH', `/threads/${encodeURIComponent(thread.thread_id)}`, z.unknown(), signal, { metadata: record })
  }

  /** What stopped a failed thread (`taskError`), as `: <error>`, or '' if its head does not say or cannot be read. */
  async function headError(threadId: string, signal: AbortSignal): Promise<string> {
    const head = await request('GET', `/threads/${encodeURIComponent(threadId)}/state`, headStateSchema, signal).catch(() => null)
    const error = head && taskError(head)
    return error ? `: ${error}` : ''
  }

  /**
   * For answers to interrupts the thread lists but its head checkpoint no longer waits on (its
   * state was written under them): lets the graph ask again, unless its head already asks
   * something, and says so for the reviewer, with what it asks now. Asking again is a run with no
   * input and no answer (LangGraph's "continue"): the paused tasks run again on the new state and
   * interrupt anew (new ids, new arguments), or the graph runs on if the new state needs no human.
   * It refreshes the thread's listing, so the new question arrives as a new case on the next pull.
   * The answers are never sent, whatever this run does.
   */
  async function askAgain(thread: Thread, atHead: ReadonlySet<string>, signal: AbortSignal): Promise<string> {
    const changed = 'The agent’s state changed under this question after it was asked, so LangGraph no longer waits on it; the decision was not sent.'
    if (atHead.size > 0) return `${changed} The graph is asking again; its question arrives as a new case.`
    const assistantId = assistantOf(thread)
    if (!assistantId) return `${changed} It asks again when the thread runs next.`
    try {
      const asked = await request('POST', `/threads/${encodeURIComponent(thread.thread_id)}/runs/wait`, waitedRunSchema, signal, { assistant_id: assistantId })
      return `${changed} ${describeAsked(asked)}${asked.length > 0 ? ' That question is a new case.' : ''}`
    } catch (error) {
      if (signal.aborted || !(error instanceof BackendError)) throw error
      return `${changed} Countersign asked the graph to ask again, but: ${error.message}`
    }
  }

  /** The graph a thread runs on: the one set in Settings, else the one its metadata names. */
  function assistantOf(thread: Thread): string | undefined {
    return config.graphId ?? metadataString(thread.metadata['assistant_id']) ?? metadataString(thread.metadata['graph_id'])
  }

  /** The decision an earlier push stored on the thread for one tool call (`marker`, if it still stands), or null. */
  function storedDecision(marker: { record?: unknown } | null, payload: InterruptPayload, ref: Omit<CaseRef, 'threadId'>): ActionDecision | null {
    const plan = marker ? actionPlan(payload, ref.actionIndex ?? 0, marker.record) : null
    return plan?.kind === 'decision' ? plan.decision : null
  }

  /**
   * Resumes the thread keyed by interrupt id, the run carrying the signed decisions it answers
   * (`carried`, by decision metadata key) in its metadata, and waits up to RESUME_CHECK_MS for the
   * run to end. Returns what the thread then shows (for `deliveryOutcome`), or an outcome for
   * every decision when the run could not be created.
   */
  async function resumeThread(thread: Thread, resume: Record<string, unknown>, carried: Record<string, DecisionEnvelope>, before: readonly ThreadRun[], signal: AbortSignal): Promise<Outcome | Evidence> {
    const assistantId = assistantOf(thread)
    if (!assistantId) return { status: 'rejected', code: 'config', detail: 'The thread does not say which graph runs it; set the graph id in Settings.' }
    const path = `/threads/${encodeURIComponent(thread.thread_id)}`
    let runId: string
    try {
      const created = await request('POST', `${path}/runs`, z.object({ run_id: z.string() }), signal, { assistant_id: assistantId, command: { resume }, metadata: { [RUN_DECISIONS_KEY]: carried } })
      runId = created.run_id
    } catch (error) {
      if (!(error instanceof HttpStatusError) || error.retryable) throw error
      // LangGraph answers 422 both when a run is active and when the thread is gone; ask which.
      const again = await currentThread(thread.thread_id, signal)
      if (!again) return { status: 'conflict', reason: 'withdrawn', detail: 'The thread no longer exists on the LangGraph server.' }
      if (again.status === 'busy') return { status: 'retry', detail: 'The thread is running; the answer goes when it pauses.' }
      return { status: 'rejected', code: 'refused', detail: error.message }
    }
    const deadline = Date.now() + RESUME_CHECK_MS
    for (;;) {
      // A run takes a moment to start; the first look comes after one, not while the reviewer's next case is drawn.
      await new Promise((resolve) => setTimeout(resolve, RESUME_POLL_MS))
      const { status } = await request('GET', `${path}/runs/${encodeURIComponent(runId)}`, runStatusSchema, signal)
      if (!inFlight(status) || Date.now() >= deadline) break
    }
    const [now, runs] = await Promise.all([currentThread(thread.thread_id, signal), listRuns(thread.thread_id, signal)])
    if (!now) return { status: 'conflict', reason: 'withdrawn', detail: 'The thread no longer exists on the LangGraph server.' }
    if (!Array.isArray(runs)) return runs
    const own = runs.find((run) => run.runId === runId)
    const racers = runs.filter(
      (run) =>
        run !== own &&
        run.status !== 'interrupted' &&
        !before.some((seen) => seen.runId === run.runId) &&
        (own?.createdAt == null || run.createdAt === null || run.createdAt <= own.createdAt)
    )
    return { ...(await withWriters(now, runs, signal)), ownRunId: runId, racers }
  }

  /**
   * Every run on a thread (see answer-evidence.ts), up to RUNS_MAX, in one request: servers list
   * in different orders, and langgraphjs dev pages wrongly (`runs.slice(offset, limit)` in its
   * storage/ops.mjs), so the first page of many is not the newest. Else the outcome for every
   * decision on the thread: looked at again while the server does not list them (404: the thread
   * is gone, or the route is not served), not sent to a thread with RUNS_MAX or more.
   */
  async function listRuns(threadId: string, signal: AbortSignal): Promise<ThreadRun[] | Outcome> {
    let listed: z.output<typeof runsSchema>
    try {
      listed = await request('GET', `/threads/${encodeURIComponent(threadId)}/runs?limit=${RUNS_MAX}`, runsSchema, signal)
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return RUNS_UNLISTED
      throw error
    }
    return listed.length >= RUNS_MAX ? RUNS_TOO_MANY : threadRuns(listed)
  }

  /** The thread and its runs as evidence; while one of the runs is going, or after one of Countersign's failed, with which runs wrote its RECENT_HISTORY latest checkpoints. */
  async function withWriters(thread: Thread, runs: ThreadRun[], signal: AbortSignal): Promise<Evidence> {
    const failedOurs = (run: ThreadRun) => Object.keys(run.decisions).length > 0 && (run.status === 'error' || run.status === 'timeout')
    if (!runs.some((run) => inFlight(run.status) || failedOurs(run))) return { thread, runs, wroteCheckpoint: new Set() }
    const history = await request('POST', `/threads/${encodeURIComponent(thread.thread_id)}/history`, historySchema, signal, { limit: RECENT_HISTORY })
    return { thread, runs, wroteCheckpoint: checkpointWriters(history) }
  }

  /** Who a listed thread is assigned to, when that is someone other than this reviewer (its `assignee` metadata); else null. */
  function assignedElsewhere(raw: unknown): string | null {
    const assignee = metadataString((raw as { metadata?: Record<string, unknown> } | null)?.metadata?.['assignee'])
    return assignee !== undefined && assignee !== options.reviewer ? clip(assignee, 200) : null
  }

  return {
    // A thread's interrupts carry no revision: the cache numbers them, a new one whenever a
    // request's case changes (its arguments edited, the thread's state or metadata moved on).
    revisions: 'cache',

    async pull(cursor, signal) {
      const offset = cursor === null ? 0 : Number(cursor)
      if (!Number.isSafeInteger(offset) || offset < 0) throw new BackendError('protocol', `The LangGraph cursor "${cursor}" is not an offset.`)
      // Each thread is read on its own: one the adapter cannot read becomes a case saying so, never a failed page.
      const threads = await request('POST', '/threads/search', z.array(z.unknown()), signal, {
        status: 'interrupted',
        limit: pageSize,
        offset,
        sort_by: 'thread_id',
        sort_order: 'asc',
        ...searchFilter()
      })
      if (threads.length > pageSize) {
        throw new ProtocolFaultError('oversized-page', `${config.name} broke the sync protocol: it listed ${threads.length} threads to a request for at most ${pageSize}; nothing from that page was applied.`)
      }
      const changes: CaseChange[] = threads.flatMap((raw): CaseChange[] => {
        const assignee = assignedElsewhere(raw)
        // Rerouted to someone else: the cases leave this reviewer's queue (and are not claimed), as theirs.
        if (assignee) return listedThreadCases(raw).map((reviewCase) => ({ type: 'reassigned' as const, caseId: String(reviewCase['id']), assignee }))
        return listedThreadCases(raw).map((reviewCase) => ({ type: 'case' as const, case: reviewCase }))
      })
      return { changes, nextCursor: String(offset + threads.length), hasMore: threads.length === pageSize }
    },

    /**
     * A cached case is withdrawn only when its thread shows the request was answered or the run
     * moved on (the request is no longer pending), or the thread is gone. A thread that cannot be
     * read now keeps its cases: absence of evidence is not an answer. The other threads are still
     * reconciled; only when no thread could be read does the pass fail, with the first error that
     * is not about one thread's answer.
     */
    async reconcile(unlistedCaseIds, signal) {
      const byThread = groupBy(unlistedCaseIds, (caseId) => splitCaseId(caseId).threadId)
      const changes: CaseChange[] = []
      const unread: BackendError[] = []
      await forEachLimited([...byThread], PUSH_CONCURRENCY, async ([threadId, caseIds]) => {
        if (threadId.startsWith('unnamed-')) {
          // A thread listed without a usable id cannot be asked about; once unlisted, its entry goes.
          for (const caseId of caseIds) changes.push({ type: 'withdrawn', caseId, reason: 'The unreadable thread is no longer listed.' })
          return
        }
        let thread: Thread | null
        try {
          thread = await currentThread(threadId, signal)
        } catch (error) {
          if (signal.aborted || !(error instanceof BackendError)) throw error
          unread.push(error)
          return
        }
        const pendingIds = new Set(thread ? threadCases(thread).map((reviewCase) => String(reviewCase['id'])) : [])
        for (const caseId of caseIds) {
          if (!pendingIds.has(caseId)) changes.push({ type: 'withdrawn', caseId, reason: thread ? 'The interrupt was answered or the run moved on.' : 'The thread was deleted.' })
        }
      })
      // A thread's answer the adapter cannot read (protocol) never fails the pass; a server that answers no thread does.
      const unreachable = unread.find((error) => error.kind !== 'protocol')
      if (unreachable && unread.length === byThread.size) throw unreachable
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

    /** LangGraph knows no reviewers or queues: the targets set in the backend's settings, or none. */
    async rerouteTargets() {
      if (config.rerouteTargets) return { targets: config.rerouteTargets, unlisted: null }
      return { targets: [], unlisted: `No reroute targets are set for ${config.name}; add them to its settings.` }
    },

    // LangGraph has no owners to take cases from, and verifies no signatures (the signed record travels in the metadata).
    lookUpCase: () => null,
    registerKey: () => null
  }
}

function facts(thread: Thread): ThreadFacts {
  return { thread_id: thread.thread_id, created_at: thread.created_at, updated_at: thread.updated_at, metadata: thread.metadata, values: thread.values }
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
