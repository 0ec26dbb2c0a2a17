/**
 * The loop's health, computed from the local decision records (PRODUCT.md, issue 6). A decision's
 * outcome class: approved as proposed, changed, rejected, rerouted, or other (deferred, asked, or
 * an option that holds the action); see electron/services/insights/outcome-class.ts.
 */
export type OutcomeClass = 'approve' | 'edit' | 'reject' | 'reroute' | 'other'
export const OUTCOME_CLASSES: readonly OutcomeClass[] = ['approve', 'edit', 'reject', 'reroute', 'other']

export interface OutcomeMix {
  key: string
  total: number
  counts: Record<OutcomeClass, number>
}

export interface CorrectedField {
  workflow: string
  kind: string
  field: string
  corrected: number
  total: number
  share: number
}

export interface RuleEvidence {
  rule: string
  streak: number
  firstAt: string
  lastAt: string
  reviewers: number
  medianMs: number
}

export interface RuleTrouble {
  rule: string
  total: number
  editRate: number
  rejectRate: number
}

export interface InsightsReport {
  totalDecisions: number
  overTime: { day: string; count: number }[]
  byKind: OutcomeMix[]
  byRule: OutcomeMix[]
  /** Share of decisions that changed the proposal (outcome class `edit`), 0–1. */
  editRate: number
  correctedFields: CorrectedField[]
  timeOnTask: { medianMs: number; p90Ms: number }
  queueAge: { bucket: string; count: number }[]
  sla: { overdueNow: number; decidedLate: number; decidedInTime: number }
  autonomyThreshold: number
  autonomyCandidates: RuleEvidence[]
  needsWork: RuleTrouble[]
  /**
   * Per week (its Monday, YYYY-MM-DD, UTC): colleagues' claims this reviewer was shown instead of
   * deciding a case twice, and decisions the backend did not apply because the case had moved on.
   */
  claims: { week: string; conflictsAvoided: number; workLost: number }[]
}

export interface QueueStats {
  pending: number
  overdue: number
  dueWithinHour: number
  oldestCreatedAt: string | null
  /**
   * Cases warned about as due soon that are still pending in the queue (case pks): a warning about
   * a case decided, withdrawn or reassigned since is no longer shown, and one whose decision was
   * undone is shown again.
   */
  warnedPending: number[]
}
