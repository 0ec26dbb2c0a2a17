import type { AuditListItem, CaseHistory, ChainStatus, SigningKeyView } from '../../../shared/ipc/audit-views'
import { bridge, errorMessage } from '../api/bridge'
import type { SliceCreator } from './slice'

const AUDIT_PAGE = 200

export interface AuditSlice {
  auditItems: AuditListItem[]
  auditTotal: number
  chainStatus: ChainStatus | null
  verifyingChain: boolean
  signingKeys: SigningKeyView[]
  /** The history shown in the audit drawer, if open. */
  history: CaseHistory | null
  loadAudit(): Promise<void>
  loadMoreAudit(): Promise<void>
  verifyChain(): Promise<void>
  exportAuditLog(): Promise<void>
  openHistory(casePk: number): Promise<void>
  closeHistory(): void
  loadSigningKeys(): Promise<void>
  rotateSigningKey(): Promise<void>
}

export const createAuditSlice: SliceCreator<AuditSlice> = (set, get) => ({
  auditItems: [],
  auditTotal: 0,
  chainStatus: null,
  verifyingChain: false,
  signingKeys: [],
  history: null,

  async loadAudit() {
    const page = await bridge.listAuditRecords({ offset: 0, limit: AUDIT_PAGE })
    set({ auditItems: page.items, auditTotal: page.total })
    await Promise.all([get().verifyChain(), get().loadSigningKeys()])
  },

  async loadMoreAudit() {
    const { auditItems, auditTotal } = get()
    if (auditItems.length >= auditTotal) return
    const page = await bridge.listAuditRecords({ offset: auditItems.length, limit: AUDIT_PAGE })
    set({ auditItems: [...auditItems, ...page.items], auditTotal: page.total })
  },

  async verifyChain() {
    set({ verifyingChain: true })
    try {
      set({ chainStatus: await bridge.verifyAuditChain() })
    } finally {
      set({ verifyingChain: false })
    }
  },

  async exportAuditLog() {
    try {
      const result = await bridge.exportAuditLog()
      if (result) get().showNotice(`Exported ${result.count} decision records to ${result.file}; check it with npm run verify-audit`)
    } catch (error) {
      get().showError(`Export failed: ${errorMessage(error)}`)
    }
  },

  async openHistory(casePk) {
    try {
      set({ history: await bridge.getCaseHistory(casePk) })
    } catch (error) {
      get().showError(errorMessage(error))
    }
  },

  closeHistory() {
    set({ history: null })
  },

  async loadSigningKeys() {
    set({ signingKeys: await bridge.getSigningKeys() })
  },

  async rotateSigningKey() {
    set({ signingKeys: await bridge.rotateSigningKey() })
    // A key that could not sign (its private half lost) was a problem shown in the header; no longer.
    await get().loadSummary()
    get().showNotice('A new signing key is in use; decisions signed with the old one stay verifiable.')
  }
})
