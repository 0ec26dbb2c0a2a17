/**
 * The names of the bridge's methods, one IPC channel each. Kept free of schemas so the sandboxed
 * preload can import it without bundling zod. contract.ts checks it lists exactly these.
 */
export const IPC_METHODS = [
  'getWorkspaceSummary',
  'getQueuePage',
  'findInQueue',
  'getCase',
  'listDrafts',
  'saveDraft',
  'decide',
  'undoLast',
  'getSyncStatus',
  'syncNow',
  'noteReviewerInput',
  'listBackends',
  'saveBackend',
  'removeBackend',
  'exportDecisions',
  'listUndelivered',
  'resolveUndelivered',
  'listAuditRecords',
  'getCaseHistory',
  'verifyAuditChain',
  'exportAuditLog',
  'getSigningKeys',
  'rotateSigningKey',
  'getKeymap',
  'bindKey',
  'resetKeymap',
  'getReactionTimeMs',
  'setReactionTimeMs',
  'getInsights',
  'getQueueStats',
  'getSlaLeadMinutes',
  'setSlaLeadMinutes',
  'exportCsv',
  'takeOverCase',
  'viewingCase',
  'getHolds',
  'checkOutCases',
  'returnCheckedOut'
] as const
export type IpcMethod = (typeof IPC_METHODS)[number]

export const IPC_CHANNEL_PREFIX = 'countersign:'
export function ipcChannel(method: IpcMethod): string {
  return IPC_CHANNEL_PREFIX + method
}

/** The one channel the main side sends events on (see events.ts); the bridge's `onEvent` listens. */
export const APP_EVENT_CHANNEL = 'countersign:event'

/** The global name under which the preload (or the browser harness) exposes the bridge. */
export const BRIDGE_GLOBAL = 'countersign'
