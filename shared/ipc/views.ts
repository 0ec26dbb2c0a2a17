import type { Case, DecisionKind, Priority } from '../domain/case'
import type { Outcome } from '../domain/decision'
import type { RerouteTargets } from '../domain/reroute-target'

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
  /** False when the case's sender declared no risk class (`risk.declared`); absent when it did. */
  declared?: false
}

export interface QueuePage {
  offset: number
  total: number
  rows: QueueRow[]
  /**
   * The details of the case at the position the request named (`detailAt`), if one was named and
   * that position is on this page: the case about to be opened, in the same answer as its row.
   */
  detail?: CaseDetail
}

export interface CaseDetail {
  casePk: number
  workspaceId: string
  workspaceName: string
  isDemo: boolean
  state: 'pending' | 'decided' | 'withdrawn' | 'reassigned'
  /** Withdrawn: why, as its backend said it; reassigned: who has it now. Null when the backend did not say, or the case is not withdrawn or reassigned. */
  endReason: string | null
  reviewCase: Case
  /**
   * Identifies the exact content shown (hex SHA-256 of the case as cached): a decision sends it
   * back, and is refused if the cache no longer holds that content.
   */
  contentHash: string
  /** Who the case may be rerouted to, as its backend last listed them; null until its backend has been synced. */
  rerouteTargets: RerouteTargets | null
}

/** The reviewer's undecided edits on a case in the queue, as kept in the cache across reloads and restarts. */
export interface StoredDraft {
  /** The case as cached now. */
  detail: CaseDetail
  /** Part path (as `editableFields` names it) → the reviewer's value. */
  edits: Record<string, string>
  /** Edits a revision set aside (the same shape): shown beside the case, not applied. */
  setAside: Record<string, string>
  /**
   * The case as it was when the edits were made, when the cache has received another copy since
   * (a new revision, or the same one corrected); null when they were made on the cached copy;
   * 'unreadable' when the stored copy no longer reads as a case. The window carries the edits
   * onto the cached copy (`rebaseDraft`), as it does when a sync changes a case while it holds
   * edits, and sets them all aside when their copy is unreadable.
   */
  base: Case | 'unreadable' | null
}

/** What became of a draft sent to be kept (`ReviewDrafts.save`). */
export type DraftSaveResult = { kept: true } | { kept: false; reason: 'not-in-queue' | 'other-copy' }

export interface QueueCounts {
  pending: number
  decided: number
}

export interface WorkspaceSummary {
  workspaces: { id: string; name: string; isDemo: boolean }[]
  counts: QueueCounts
  reviewer: string
  problems: string[]
  /** Until when `u` can take back the decision it would (ISO 8601); null when none can be. */
  undoableUntil: string | null
  /** Where backend tokens and the signing key are kept this run: the OS keychain, or memory (no keychain answered). */
  secretStorage: 'keychain' | 'memory'
}

export interface UndoReceipt {
  retractedDecisionId: string
  casePk: number
  caseTitle: string
  counts: QueueCounts
  /**
   * The undone decision's edits (field path → the value it approved), or for a rejection (which
   * takes none) the edits the reviewer had made, to become the reviewer's draft again; empty when
   * there were none, or when its backend has revised the case since.
   */
  edits: Record<string, string>
  /** The decision had edits, not given back: they were made on a revision its backend has replaced since. */
  editsLeftBehind: boolean
  /**
   * The case as the retraction left it (read in its transaction): the revision `edits` were made
   * on, so a revision that arrives after can be merged with them.
   */
  detail: CaseDetail
}

export interface DecisionReceipt {
  decisionId: string
  outcome: Outcome
  counts: QueueCounts
  /** Until when `u` can take it back (ISO 8601: its decision time plus the undo window). */
  undoableUntil: string
}

/**
 * Ways a backend can break its sync protocol, each detected and named in its status: a page that
 * says there is more but whose cursor stands still, a cursor that comes back to one already given
 * in the same pass, one that goes backwards, pages that bring nothing again and again while
 * saying there is more, a page with more items than the limit asked for, push answers that
 * do not match the decisions sent, and a case whose content changed under the revision already
 * received (`revision-reused`) or that came back at an older one (`revision-backwards`).
 */
export type ProtocolFault =
  | 'cursor-stuck'
  | 'cursor-cycle'
  | 'cursor-backwards'
  | 'empty-pages'
  | 'oversized-page'
  | 'mismatched-answer'
  | 'revision-reused'
  | 'revision-backwards'

export interface BackendStatus {
  id: string
  name: string
  kind: string
  state: 'idle' | 'syncing' | 'offline' | 'error'
  lastSyncAt: string | null
  lastError: string | null
  /** The protocol fault behind `lastError`, if that is what it is. */
  fault: ProtocolFault | null
  /** Decisions waiting to be delivered, and ones the backend did not apply. */
  pendingPushes: number
  undelivered: number
  quarantined: number
  /** Cases received so far in the pull under way. */
  received: number
}

export interface BackendSummary {
  config: import('../backends/backend-config').BackendConfig
  /** Whether the keychain holds a token for it (the token itself never leaves the main side). */
  hasToken: boolean
  isDemo: boolean
  /** Decisions on a bundle workspace not yet exported to a decisions bundle. */
  unexported: number
  /** Cases from it that were not stored: each failed its schema (the field named) or changed without a new revision. */
  quarantined: { caseId: string; message: string }[]
}

export type { UndeliveredDecision } from './undelivered'
