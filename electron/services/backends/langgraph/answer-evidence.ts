import { z } from 'zod'
import type { DecisionEnvelope } from '../../../../shared/review-api/protocol'

/**
 * Whose answer a LangGraph thread took. A resume run is accepted (`POST /threads/{id}/runs`
 * answers 200) whether or not it applies its answer: a thread answered meanwhile by someone else
 * runs it and does nothing, a run can be cancelled before it starts, or fail. So a decision counts
 * as delivered only on evidence from the thread's checkpoints: the checkpoint after the one that
 * waited on the interrupt was written by a run that carried the decision.
 *
 * The evidence, as langgraph-api keeps it: each checkpoint's `metadata.run_id` names the run that
 * wrote it, and `parent_checkpoint` the checkpoint before it (`POST /threads/{id}/history`, newest
 * first); a run's `metadata` is what its creator gave (`GET /threads/{id}/runs`). Countersign's
 * resume runs carry the signed decisions they answer under RUN_DECISIONS_KEY.
 */

/** Where a resume run's metadata holds the decisions it answers: decision metadata key (see `decisionMetadataKey`) to signed envelope. */
export const RUN_DECISIONS_KEY = 'countersign_decisions'

/** Checkpoints read back first, newest first, looking for the one that waited on an interrupt (it is usually the head or next to it), and at most. */
export const RECENT_HISTORY = 10
export const HISTORY_LIMIT = 200
/** Runs on a thread read back at most, newest first, looking for Countersign's. */
export const RUNS_LIMIT = 100

/** `POST /threads/{id}/history` (langgraph-api's ThreadState list), the parts read here. */
export const historySchema = z.array(
  z.object({
    checkpoint: z.object({ checkpoint_id: z.string() }),
    parent_checkpoint: z.object({ checkpoint_id: z.string() }).nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    tasks: z.array(z.object({ interrupts: z.array(z.object({ id: z.string() })).nullish() })).default([])
  })
)

/** `GET /threads/{id}/runs` (langgraph-api's Run list), the parts read here. */
export const runsSchema = z.array(
  z.object({
    run_id: z.string(),
    status: z.string(),
    metadata: z.record(z.string(), z.unknown()).nullish()
  })
)

/** How an interrupt stands in a thread's history. */
export type InterruptAnswer =
  /** The checkpoint after the one that waited on it was written by this run (null: by no run, e.g. a state write). */
  | { state: 'answered'; runId: string | null }
  /** The head checkpoint still waits on it. */
  | { state: 'waiting' }
  /** No checkpoint read waits on it: the history read does not reach it. */
  | { state: 'unknown' }

/** How interrupt `interruptId` stands in `history` (newest first): see `InterruptAnswer`. */
export function interruptAnswer(history: z.output<typeof historySchema>, interruptId: string): InterruptAnswer {
  const waited = history.filter((entry) => entry.tasks.some((task) => task.interrupts?.some((interrupt) => interrupt.id === interruptId)))
  if (waited.length === 0) return { state: 'unknown' }
  for (const parent of waited) {
    const child = history.find((entry) => entry.parent_checkpoint?.checkpoint_id === parent.checkpoint.checkpoint_id)
    if (child) return { state: 'answered', runId: typeof child.metadata?.['run_id'] === 'string' ? child.metadata['run_id'] : null }
  }
  return { state: 'waiting' }
}

/** A Countersign resume run on a thread: its id, its status (`pending`, `running`, `success`, `error`, `timeout`, `interrupted`) and the envelopes it carries. */
export interface CountersignRun {
  runId: string
  status: string
  decisions: Record<string, DecisionEnvelope>
}

/** The runs in `runs` that carry Countersign decisions, by decision id (the newest run for each). */
export function countersignRuns(runs: z.output<typeof runsSchema>): Map<string, CountersignRun> {
  const byDecision = new Map<string, CountersignRun>()
  for (const run of runs) {
    const carried = run.metadata?.[RUN_DECISIONS_KEY]
    if (typeof carried !== 'object' || carried === null) continue
    const decisions = carried as Record<string, DecisionEnvelope>
    for (const envelope of Object.values(decisions)) {
      if (typeof envelope?.id === 'string' && !byDecision.has(envelope.id)) byDecision.set(envelope.id, { runId: run.run_id, status: run.status, decisions })
    }
  }
  return byDecision
}

/** Whether a run with this status may still start or finish. */
export function inFlight(status: string): boolean {
  return status === 'pending' || status === 'running'
}
