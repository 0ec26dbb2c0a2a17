import type { BackendInput } from '../../../shared/backends/backend-config'
import type { BackendStatus, BackendSummary, UndeliveredDecision } from '../../../shared/ipc/views'
import { bridge, errorMessage } from '../api/bridge'
import type { SliceCreator } from './slice'

export interface SyncSlice {
  backendStatus: BackendStatus[]
  backends: BackendSummary[]
  undelivered: UndeliveredDecision[]
  /** Decision id → where it stands, for the decisions made in this session. */
  delivery: Map<string, 'delivered' | 'undelivered'>
  syncNow(): Promise<void>
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

  async syncNow() {
    try {
      set({ backendStatus: await bridge.syncNow() })
    } catch (error) {
      get().showError(`Sync failed: ${errorMessage(error)}`)
    }
  },

  async loadBackends() {
    set({ backends: await bridge.listBackends() })
  },

  async saveBackend(input) {
    set({ backends: await bridge.saveBackend(input) })
    await Promise.all([get().loadSummary(), get().loadQueue()])
  },

  async removeBackend(id, force) {
    set({ backends: await bridge.removeBackend(id, { force }) })
    get().selectListItem(0)
    await Promise.all([get().loadSummary(), get().loadQueue()])
  },

  async exportDecisions(id) {
    try {
      const result = await bridge.exportDecisions(id)
      if (result) get().showNotice(`Exported ${result.count} decision${result.count === 1 ? '' : 's'} to ${result.file}`)
      await get().loadBackends()
    } catch (error) {
      get().showError(`Export failed: ${errorMessage(error)}`)
    }
  },

  async loadUndelivered() {
    set({ undelivered: await bridge.listUndelivered() })
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
      get().showError(errorMessage(error))
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
