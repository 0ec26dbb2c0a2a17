import { z } from 'zod'
import type { DecisionEnvelope } from '../../../../shared/review-api/protocol'

/**
 * Whose answer a LangGraph thread took. A resume run is accepted (`POST /threads/{id}/runs`
 * answers 200) whether or not it applies its answer: a thread answered meanwhile by someone else
 * runs it and does nothing, a run can be cancelled before it starts, or fail. So a decision counts
 * as delivered only on evidence from the thread's runs.
 *
 * The evidence, as langgraph-api keeps it (`GET /threads/{id}/runs`, langgraph-api's Run): each
 * run's `kwargs.command.resume` is the answer it was created with, keyed by interrupt id, or one
 * value for whatever the thread waits on; its `metadata` is what its creator gave, and Countersign's
 * resume runs carry the signed decisions they answer under RUN_DECISIONS_KEY. Runs on a thread run
 * one at a time, in creation order, so an interrupt is taken by the first run that answered it and
 * ran (`interruptTaker`); a later answer finds nothing waiting and is dropped. The checkpoints do
 * not say this on their own: a node that calls interrupt() twice takes its first answer and
 * stops at the second on the same checkpoint, and of two parallel interrupts the one answered
 * first writes no checkpoint until the other is answered too, by another run.
 *
 * Servers differ: langgraphjs dev lists runs oldest first, langgraph-api on Postgres newest first;
 * a run cancelled while running ends `error` on the first, `interrupted` on the second. So order
 * comes from `created_at` alone, and only where it is needed (two runs that both ran on the same
 * interrupt); where it cannot say, the answer is unclear and a decision is not counted as applied.
 */

/** Where a resume run's metadata holds the decisions it answers: decision metadata key (see `decisionMetadataKey`) to signed envelope. */
export const RUN_DECISIONS_KEY = 'countersign_decisions'

/** Runs on a thread read at most (a thread with more is refused, not half read). */
export const RUNS_MAX = 1_000
/** Checkpoints read back, newest first, to see whether a run has moved past the interrupts it answered. */
export const RECENT_HISTORY = 10

/** `GET /threads/{id}/runs` (langgraph-api's Run list), the parts read here. */
export const runsSchema = z.array(
  z.object({
    run_id: z.string(),
    status: z.string(),
    /** ISO 8601. */
    created_at: z.string().nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    kwargs: z.object({ command: z.object({ resume: z.unknown() }).nullish() }).nullish()
  })
)

/** `GET /threads/{id}/runs/{run_id}`, the part read here. */
export const runStatusSchema = z.object({ status: z.string() })

/** `POST /threads/{id}/history` (langgraph-api's ThreadState list), the part read here: which run wrote each checkpoint. */
export const historySchema = z.array(z.object({ metadata: z.record(z.string(), z.unknown()).nullish() }))

/** A run on a thread, as the delivery check reads it. */
export interface ThreadRun {
  runId: string
  /** `pending`, `running`, `success`, `error`, `timeout` or `interrupted` (cancelled). */
  status: string
  /** When it was created (ms since the epoch), or null if the server does not say. */
  createdAt: number | null
  /**
   * What its resume answers: interrupt ids; 'any' for a single value (whatever the thread waited
   * on when it ran); 'unknown' when the listing leaves out what it was created with (`kwargs`).
   */
  resumes: ReadonlySet<string> | 'any' | 'unknown'
  /** The signed decisions it carries (Countersign's runs), by decision metadata key. */
  decisions: Record<string, DecisionEnvelope>
}

/** The runs in a `GET /threads/{id}/runs` answer, as listed. */
export function threadRuns(runs: z.output<typeof runsSchema>): ThreadRun[] {
  return runs.map((run) => {
    const carried = run.metadata?.[RUN_DECISIONS_KEY]
    const decisions = typeof carried === 'object' && carried !== null ? (carried as Record<string, DecisionEnvelope>) : {}
    const createdAt = run.created_at ? Date.parse(run.created_at) : NaN
    return { runId: run.run_id, status: run.status, createdAt: Number.isNaN(createdAt) ? null : createdAt, resumes: resumedInterrupts(run.kwargs), decisions }
  })
}

function resumedInterrupts(kwargs: z.output<typeof runsSchema>[number]['kwargs']): ThreadRun['resumes'] {
  if (kwargs == null) return 'unknown'
  const resume = kwargs.command?.resume
  if (resume === undefined || resume === null) return new Set()
  return typeof resume === 'object' && !Array.isArray(resume) ? new Set(Object.keys(resume)) : 'any'
}

/** The runs carrying decision `decisionId` (Countersign makes one; more are copies of its metadata). */
export function runsCarrying(runs: readonly ThreadRun[], decisionId: string): ThreadRun[] {
  return runs.filter((run) => Object.values(run.decisions).some((envelope) => envelope?.id === decisionId))
}

/** Who took an interrupt's answer, as far as a thread's runs say. */
export type Taker = { kind: 'run'; run: ThreadRun } | { kind: 'none' } | { kind: 'unclear'; why: string }

/**
 * The run that took interrupt `interruptId`'s answer: of the runs that answered it by id, the first
 * that finished or is still going, else (none did) the last that failed. A run cancelled before it
 * ran (`interrupted`) took nothing, nor did one that failed before its node took the answer and
 * was answered again by a later run. A single-value resume (Studio's Resume, `Command({resume})`)
 * is not counted: it answers what the thread waited on when it ran, which the listing does not
 * say, and Countersign never sends one to an interrupt it does not see pending. Unclear when the
 * listing leaves out what runs answered, or two runs ran on the interrupt and their `created_at`
 * do not order them (missing, equal, or going back and forth in the listing).
 */
export function interruptTaker(runs: readonly ThreadRun[], interruptId: string): Taker {
  if (runs.some((run) => run.resumes === 'unknown')) {
    return { kind: 'unclear', why: 'The server lists the thread’s runs without the answers they were created with (kwargs), so Countersign cannot tell whose answer the thread took.' }
  }
  const named = runs.filter((run) => run.status !== 'interrupted' && run.resumes instanceof Set && run.resumes.has(interruptId))
  const ran = named.filter((run) => run.status === 'success' || inFlight(run.status))
  const pool = ran.length > 0 ? ran : named
  if (pool.length === 0) return { kind: 'none' }
  if (pool.length === 1) return { kind: 'run', run: pool[0]! }
  const ordered = listedInOrder(runs) ? byCreation(pool) : null
  if (!ordered) return { kind: 'unclear', why: 'Several runs answered this request, and the server’s run times do not say which came first.' }
  return { kind: 'run', run: ran.length > 0 ? ordered[0]! : ordered[ordered.length - 1]! }
}

/**
 * Whether the listing runs one way in time, oldest or newest first, as servers list runs: times
 * that go back and forth come from clocks that disagree (replicas), and order nothing.
 */
function listedInOrder(runs: readonly ThreadRun[]): boolean {
  const times = runs.map((run) => run.createdAt).filter((time): time is number => time !== null)
  const rising = times.every((time, index) => index === 0 || time >= times[index - 1]!)
  const falling = times.every((time, index) => index === 0 || time <= times[index - 1]!)
  return rising || falling
}

/** `runs` oldest first, or null unless every one has its own creation time. */
function byCreation(runs: readonly ThreadRun[]): ThreadRun[] | null {
  const times = new Set(runs.map((run) => run.createdAt))
  if (times.has(null) || times.size < runs.length) return null
  return [...runs].sort((a, b) => a.createdAt! - b.createdAt!)
}

/** Whether a run with this status may still start or finish. */
export function inFlight(status: string): boolean {
  return status === 'pending' || status === 'running'
}

/** The ids of the runs that wrote the checkpoints in a `POST /threads/{id}/history` answer (`metadata.run_id`). */
export function checkpointWriters(history: z.output<typeof historySchema>): Set<string> {
  return new Set(history.flatMap((entry) => (typeof entry.metadata?.['run_id'] === 'string' ? [entry.metadata['run_id']] : [])))
}
