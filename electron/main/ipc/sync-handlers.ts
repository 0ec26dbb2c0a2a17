import type { BackendSettings } from '../../services/config/backend-settings'
import type { SyncEngine } from '../../services/sync/sync-engine'
import type { UndeliveredDecisions } from '../../services/sync/undelivered-decisions'
import type { IpcHandlers } from './dispatch'

type SyncMethods = 'getSyncStatus' | 'syncNow' | 'listBackends' | 'saveBackend' | 'removeBackend' | 'listUndelivered' | 'resolveUndelivered'

export function syncHandlers(sync: SyncEngine, settings: BackendSettings, undelivered: UndeliveredDecisions): Pick<IpcHandlers, SyncMethods> {
  return {
    getSyncStatus: () => sync.status(),
    syncNow: async (backendId) => {
      await sync.syncNow(backendId)
      return sync.status()
    },
    listBackends: () => settings.list(),
    saveBackend: (input) => settings.save(input),
    removeBackend: (id, { force }) => settings.remove(id, force),
    listUndelivered: () => undelivered.list(),
    resolveUndelivered: (decisionId, action) => ({ casePk: undelivered.resolve(decisionId, action) })
  }
}
