import { z } from 'zod'
import type { DecisionEnvelope } from '../../../../shared/review-api/protocol'
import { splitCaseId } from './interrupt-case'

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
 * did not end cancelled; a later answer finds nothing waiting and is dropped. The checkpoints do
 * not say this on their own: a node that calls interrupt() twice takes its first answer and
 * stops at the second on the same checkpoint, and of two parallel interrupts the one answered
 * first writes no checkpoint until the other is answered too, by another run.
 */

/** Where a resume run's metadata holds the decisions it answers: decision metadata key (see `decisionMetadataKey`) to signed envelope. */
export const RUN_DECISIONS_KEY = 'countersign_decisions'

/** Runs on a thread read back at most, newest first. */
export const RUNS_LIMIT = 100
/** Checkpoints read back, newest first, to see whether a run still going has moved past the interrupts it answered. */
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
  /** The interrupt ids its resume answers; 'any' for a single resume value (it answers whatever the thread waits on); empty for a run that answers nothing. */
  resumes: ReadonlySet<string> | 'any'
  /** The signed decisions it carries (Countersign's runs), by decision metadata key. */
  decisions: Record<string, DecisionEnvelope>
}

/**
 * The runs in a `GET /threads/{id}/runs` answer, oldest first (by `created_at`, whatever order the
 * server listed them in). A run listed without its `kwargs` (a gateway that trims them) counts as
 * answering the interrupts its carried decisions name, and no others.
 */
export function threadRuns(runs: z.output<typeof runsSchema>): ThreadRun[] {
  const dated = runs.every((run) => typeof run.created_at === 'string')
  const ordered = dated ? [...runs].sort((a, b) => Date.parse(a.created_at!) - Date.parse(b.created_at!)) : [...runs].reverse()
  return ordered.map((run) => {
    const carried = run.metadata?.[RUN_DECISIONS_KEY]
    const decisions = typeof carried === 'object' && carried !== null ? (carried as Record<string, DecisionEnvelope>) : {}
    return { runId: run.run_id, status: run.status, resumes: resumedInterrupts(run, decisions), decisions }
  })
}

function resumedInterrupts(run: z.output<typeof runsSchema>[number], decisions: Record<string, DecisionEnvelope>): ReadonlySet<string> | 'any' {
  if (run.kwargs == null) return new Set(Object.values(decisions).flatMap((envelope) => (typeof envelope?.caseId === 'string' ? [splitCaseId(envelope.caseId).interruptId] : [])))
  const resume = run.kwargs.command?.resume
  if (resume === undefined || resume === null) return new Set()
  return typeof resume === 'object' && !Array.isArray(resume) ? new Set(Object.keys(resume)) : 'any'
}

/** The newest run carrying decision `decisionId`, if any. */
export function runCarrying(runs: readonly ThreadRun[], decisionId: string): ThreadRun | undefined {
  return runs.findLast((run) => Object.values(run.decisions).some((envelope) => envelope?.id === decisionId))
}

/**
 * The run that took interrupt `interruptId`'s answer: the first to answer it that was not
 * cancelled, or null if no listed run answered it (answered by a state write, before the listing's
 * RUNS_LIMIT runs, or not at all).
 */
export function interruptTaker(runs: readonly ThreadRun[], interruptId: string): ThreadRun | null {
  return runs.find((run) => run.status !== 'interrupted' && (run.resumes === 'any' || run.resumes.has(interruptId))) ?? null
}

/** Whether a run with this status may still start or finish. */
export function inFlight(status: string): boolean {
  return status === 'pending' || status === 'running'
}

/** The ids of the runs that wrote the checkpoints in a `POST /threads/{id}/history` answer (`metadata.run_id`). */
export function checkpointWriters(history: z.output<typeof historySchema>): Set<string> {
  return new Set(history.flatMap((entry) => (typeof entry.metadata?.['run_id'] === 'string' ? [entry.metadata['run_id']] : [])))
}
