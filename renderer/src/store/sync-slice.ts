import type { BackendInput } from '../../../shared/backends/backend-config'
import { commandKeys } from '../../../shared/commands'
import type { BackendStatus, BackendSummary, UndeliveredDecision } from '../../../shared/ipc/views'
import { bridge } from '../api/bridge'
import { showingFailure } from './status-slice'
import type { SliceCreator } from './slice'

export interface SyncSlice {
  backendStatus: BackendStatus[]
  backends: BackendSummary[]
  undelivered: UndeliveredDecision[]
  /** Decision id → where it stands, for the decisions made in this session. */
  delivery: Map<string, 'delivered' | 'undelivered'>
  /** The name of the backend whose adding took the demo workspace out of the queue, this session. */
  replacedDemo: string | null
  syncNow(): Promise<void>
  loadSyncStatus(): Promise<void>
  loadBackends(): Promise<void>
  saveBackend(input: BackendInput): Promise<void>
  removeBackend(id: string, force: boolean): Promise<void>
  exportDecisions(id: string): Promise<void>
  loadUndelivered(): Promise<void>
  resolveUndelivered(decisionId: string, action: 'redo' | 'discard'): Promise<void>
  /** The main side's latest sync state of every backend. */
  setBackendStatus(backendStatus: BackendStatus[]): void
  /** Backends answered for these decisions (ids): applied, or refused and now undelivered. */
  settleDecisions(delivered: string[], undelivered: string[]): void
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => ({
  backendStatus: [],
  backends: [],
  undelivered: [],
  delivery: new Map(),
  replacedDemo: null,

  syncNow() {
    return showingFailure(get, 'Sync failed', async () => {
      const backendStatus = await bridge.syncNow()
      set({ backendStatus })
      // A press that does nothing says so: with no backend (the demo alone) there is nothing to pull or send.
      if (backendStatus.length === 0) {
        const keys = (id: string) => commandKeys(get().keymap, id)
        get().showNotice(`Nothing to sync: no backend is set up; the demo workspace is built in. Settings (${keys('go.settings')}) adds one (${keys('settings.addBackend')}).`)
      }
    })
  },

  loadSyncStatus() {
    return showingFailure(get, 'Could not load the sync status', async () => set({ backendStatus: await bridge.getSyncStatus() }))
  },

  loadBackends() {
    return showingFailure(get, 'Could not load the backends', async () => set({ backends: await bridge.listBackends() }))
  },

  async saveBackend(input) {
    const hadDemo = get().backends.some((backend) => backend.isDemo)
    const backends = await bridge.saveBackend(input)
    // The first backend takes the demo's place (the form said it would); Settings says it did.
    set({ backends, ...(hadDemo && !backends.some((backend) => backend.isDemo) ? { replacedDemo: input.config.name } : {}) })
    // The reviewer changed what the queue holds: a case that left it (the demo's) is not held on screen.
    await Promise.all([get().loadSummary(), get().loadQueue({ keepOpenCase: false })])
  },

  async removeBackend(id, force) {
    set({ backends: await bridge.removeBackend(id, { force }) })
    get().selectListItem(0)
    await Promise.all([get().loadSummary(), get().loadQueue({ keepOpenCase: false })])
  },

  exportDecisions(id) {
    return showingFailure(get, 'Export failed', async () => {
      const result = await bridge.exportDecisions(id)
      if (result) get().showNotice(`Exported ${result.count} decision${result.count === 1 ? '' : 's'} to ${result.file}`)
      await get().loadBackends()
    })
  },

  loadUndelivered() {
    return showingFailure(get, 'Could not load the decisions not applied', async () => set({ undelivered: await bridge.listUndelivered() }))
  },

  async resolveUndelivered(decisionId, action) {
    try {
      const { casePk } = await bridge.resolveUndelivered(decisionId, action)
      await Promise.all([get().loadUndelivered(), get().loadSummary(), get().loadQueue()])
      if (action === 'redo') {
        get().showScreen('review')
        get().selectCase(casePk)
      }
    } catch (error) {
      // Resolved meanwhile (by another window, or a second press): show the list as it is now.
      if (get().showFailure(action === 'redo' ? 'Not redone' : 'Not discarded', error) === 'not-found') await get().loadUndelivered()
    }
  },

  setBackendStatus(backendStatus) {
    set({ backendStatus })
  },

  settleDecisions(delivered, undelivered) {
    const delivery = new Map(get().delivery)
    for (const id of delivered) delivery.set(id, 'delivered')
    for (const id of undelivered) delivery.set(id, 'undelivered')
    set({ delivery })
    if (undelivered.length > 0 || get().screen === 'undelivered') void get().loadUndelivered()
  }
})
