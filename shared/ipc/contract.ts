import { z } from 'zod'
import { backendIdSchema, backendInputSchema } from '../backends/backend-config'
import { casePkSchema, contentHashSchema, editedValuesSchema, shownDecisionRequestSchema } from '../domain/decision'
import { queueFilterSchema } from '../domain/queue-view'
import { AUTONOMY_THRESHOLD, REACTION_TIME_MS, type Keymap } from '../commands'
import type { IpcMethod } from './channels'
import { checkoutRequestSchema, type CheckoutReport, type HoldView } from './claim-views'
import type { AuditPage, CaseHistory, ChainStatus, SigningKeyView } from './audit-views'
import type { AppEvent } from './events'
import type { IpcResult } from './errors'
import type { InsightsReport, QueueStats } from './insight-views'
import type { UndeliveredDecision } from './undelivered'
import type { BackendStatus, BackendSummary, CaseDetail, DecisionReceipt, DraftSaveResult, QueuePage, StoredDraft, UndoReceipt, WorkspaceSummary } from './views'

/**
 * The typed IPC contract: for each bridge method, the schema of its arguments (checked on the main
 * side before any service runs) and the type of its result.
 */
export const QUEUE_PAGE_MAX = 500



export const ipcArgumentSchemas = {
  getWorkspaceSummary: z.tuple([]),
  getQueuePage: z.tuple([
    z.object({
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive().max(QUEUE_PAGE_MAX),
      filter: queueFilterSchema.optional(),
      /** A position on this page whose case's details come with it (`QueuePage.detail`), saving a round trip. */
      detailAt: z.number().int().nonnegative().optional(),
      /** A case whose page to send instead, wherever it now stands, if it is still pending (`ReviewService.queuePage`). */
      around: casePkSchema.optional()
    })
  ]),
  findInQueue: z.tuple([casePkSchema, queueFilterSchema.optional()]),
  getCase: z.tuple([casePkSchema]),
  listDrafts: z.tuple([]),
  /**
   * The case, the content hash of the copy the edits were made on (`CaseDetail.contentHash`), the
   * edits, and the edits a revision set aside; neither removes the draft.
   */
  saveDraft: z.tuple([casePkSchema, contentHashSchema, editedValuesSchema, editedValuesSchema]),
  decide: z.tuple([shownDecisionRequestSchema]),
  undoLast: z.tuple([]),
  getSyncStatus: z.tuple([]),
  syncNow: z.tuple([backendIdSchema.optional()]),
  noteReviewerInput: z.tuple([]),
  listBackends: z.tuple([]),
  saveBackend: z.tuple([backendInputSchema]),
  removeBackend: z.tuple([backendIdSchema, z.object({ force: z.boolean() })]),
  exportDecisions: z.tuple([backendIdSchema]),
  listUndelivered: z.tuple([]),
  resolveUndelivered: z.tuple([z.uuid(), z.enum(['redo', 'discard'])]),
  listAuditRecords: z.tuple([z.object({ offset: z.number().int().nonnegative(), limit: z.number().int().positive().max(QUEUE_PAGE_MAX) })]),
  getCaseHistory: z.tuple([casePkSchema]),
  verifyAuditChain: z.tuple([]),
  exportAuditLog: z.tuple([]),
  getSigningKeys: z.tuple([]),
  rotateSigningKey: z.tuple([]),
  getKeymap: z.tuple([]),
  bindKey: z.tuple([z.string().min(1).max(100), z.string().min(1).max(40)]),
  resetKeymap: z.tuple([]),
  getReactionTimeMs: z.tuple([]),
  setReactionTimeMs: z.tuple([
    z
      .number()
      .int('use whole milliseconds')
      .min(REACTION_TIME_MS.min, `a reaction time is at least ${REACTION_TIME_MS.min} ms`)
      .max(REACTION_TIME_MS.max, `a reaction time is at most ${REACTION_TIME_MS.max} ms`)
  ]),
  getInsights: z.tuple([z.object({ autonomyThreshold: z.number().int().min(AUTONOMY_THRESHOLD.min).max(AUTONOMY_THRESHOLD.max) })]),
  getQueueStats: z.tuple([]),
  getSlaLeadMinutes: z.tuple([]),
  setSlaLeadMinutes: z.tuple([z.number().int().min(1).max(7 * 24 * 60)]),
  takeOverCase: z.tuple([backendIdSchema, z.string().trim().min(1).max(200)]),
  exportCsv: z.tuple([z.string().regex(/^[a-z0-9-]{1,60}$/, 'use lowercase letters, digits and dashes'), z.string().max(10_000_000)]),
  viewingCase: z.tuple([casePkSchema.nullable()]),
  getHolds: z.tuple([]),
  checkOutCases: z.tuple([checkoutRequestSchema]),
  returnCheckedOut: z.tuple([])
} satisfies Record<IpcMethod, z.ZodTuple>

export interface IpcResults {
  getWorkspaceSummary: WorkspaceSummary
  getQueuePage: QueuePage
  findInQueue: number | null
  getCase: CaseDetail
  listDrafts: StoredDraft[]
  saveDraft: DraftSaveResult
  decide: DecisionReceipt
  undoLast: UndoReceipt
  getSyncStatus: BackendStatus[]
  syncNow: BackendStatus[]
  /** The reviewer pressed a key: background ingest gives way for a moment (nothing to return). */
  noteReviewerInput: null
  listBackends: BackendSummary[]
  saveBackend: BackendSummary[]
  removeBackend: BackendSummary[]
  /** Where the decisions bundle was written (null if the reviewer cancelled), and how many it holds. */
  exportDecisions: { file: string; count: number } | null
  listUndelivered: UndeliveredDecision[]
  resolveUndelivered: { casePk: number }
  listAuditRecords: AuditPage
  getCaseHistory: CaseHistory
  verifyAuditChain: ChainStatus
  exportAuditLog: { file: string; count: number } | null
  getSigningKeys: SigningKeyView[]
  rotateSigningKey: SigningKeyView[]
  getKeymap: Keymap
  bindKey: Keymap
  resetKeymap: Keymap
  /** How long a case must have been on screen before a decision key applies to it, in ms. */
  getReactionTimeMs: number
  setReactionTimeMs: number
  getInsights: InsightsReport
  getQueueStats: QueueStats
  getSlaLeadMinutes: number
  setSlaLeadMinutes: number
  exportCsv: { file: string } | null
  /** The case taken over, and the receipt of the signed take-over (`u` takes it back in its window, as any decision). */
  takeOverCase: { casePk: number; title: string; workspaceId: string; workspaceName: string; receipt: DecisionReceipt }
  /** The reviewer now views this case (null: none); its claim is taken in the background (nothing to return). */
  viewingCase: null
  getHolds: HoldView[]
  checkOutCases: CheckoutReport
  returnCheckedOut: { released: number }
}

export type IpcArguments<M extends IpcMethod> = z.input<(typeof ipcArgumentSchemas)[M]>
export type IpcParsedArguments<M extends IpcMethod> = z.output<(typeof ipcArgumentSchemas)[M]>

/**
 * The object the preload (Electron) or the bridge script (web host) exposes as
 * `window.countersign`: one method per channel, nothing generic, each resolving with the call's
 * IpcResult (never rejecting with a coded failure: see errors.ts), plus a subscription to the
 * main side's events.
 */
export type ExposedBridge = {
  [M in IpcMethod]: (...args: IpcArguments<M>) => Promise<IpcResult<IpcResults[M]>>
} & {
  onEvent(listener: (event: AppEvent) => void): () => void
}

/**
 * The bridge as the rest of the renderer uses it (renderer/src/api/): each method resolves with
 * its value, or rejects with an AppError carrying the failure's code.
 */
export type CountersignBridge = {
  [M in IpcMethod]: (...args: IpcArguments<M>) => Promise<IpcResults[M]>
} & {
  onEvent(listener: (event: AppEvent) => void): () => void
}
