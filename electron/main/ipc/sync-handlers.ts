import type { AppServices } from '../../services/app-services'
import type { IpcHandlers } from './dispatch'

type SyncMethods =
  | 'getSyncStatus'
  | 'syncNow'
  | 'noteReviewerInput'
  | 'listBackends'
  | 'saveBackend'
  | 'removeBackend'
  | 'exportDecisions'
  | 'listUndelivered'
  | 'resolveUndelivered'
  | 'takeOverCase'

export function syncHandlers({ sync, settings, undelivered, exports, takeOver }: AppServices): Pick<IpcHandlers, SyncMethods> {
  return {
    getSyncStatus: () => sync.status(),
    syncNow: async (backendId) => {
      await sync.syncNow(backendId)
      return sync.status()
    },
    noteReviewerInput: () => {
      sync.activity.noteInput()
      return null
    },
    listBackends: () => settings.list(),
    saveBackend: (input) => settings.save(input),
    removeBackend: (id, { force }) => settings.remove(id, force),
    exportDecisions: (workspaceId) => exports.exportDecisions(workspaceId),
    listUndelivered: () => undelivered.list(),
    resolveUndelivered: (decisionId, action) => ({ casePk: undelivered.resolve(decisionId, action) }),
    takeOverCase: (backendId, caseId) => takeOver.takeOver(backendId, caseId)
  }
}
