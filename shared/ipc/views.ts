import type { Case, DecisionKind, Priority } from '../domain/case'
import type { Outcome } from '../domain/decision'

/** What the queue list needs for one row: small, so pages stay cheap to send. */
export interface QueueRow {
  casePk: number
  caseId: string
  workspaceName: string
  isDemo: boolean
  kind: DecisionKind
  title: string
  dueAt: string
  priority: Priority
  reversible: boolean
  audience: Case['risk']['audience']
  touchesMoney: boolean
  touchesAccess: boolean
  touchesLegal: boolean
}

export interface QueuePage {
  offset: number
  total: number
  rows: QueueRow[]
}

export interface CaseDetail {
  casePk: number
  workspaceId: string
  workspaceName: string
  isDemo: boolean
  state: 'pending' | 'decided'
  contentHash: string
  reviewCase: Case
}

export interface QueueCounts {
  pending: number
  decided: number
}

export interface WorkspaceSummary {
  workspaces: { id: string; name: string; isDemo: boolean }[]
  counts: QueueCounts
  reviewer: string
}

export interface DecisionReceipt {
  decisionId: string
  outcome: Outcome
  counts: QueueCounts
}
