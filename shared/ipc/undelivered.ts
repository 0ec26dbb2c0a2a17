/** A decision its backend did not apply, for the reviewer to redo or discard. */
export interface UndeliveredDecision {
  decisionId: string
  workspaceId: string
  workspaceName: string
  casePk: number
  caseId: string
  caseTitle: string
  state: 'conflict' | 'rejected'
  /** The conflict reason (withdrawn, reassigned, revised, already-decided) or the rejection code. */
  code: string
  detail: string | null
  decidedAt: string
  /** Whether deciding again is possible: the case is still this reviewer's to decide. */
  canRedo: boolean
}
