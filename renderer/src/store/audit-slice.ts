import type { AuditListItem, CaseHistory, ChainStatus, SigningKeyView } from '../../../shared/ipc/audit-views'
import { bridge } from '../api/bridge'
import { showingFailure } from './status-slice'
import type { SliceCreator } from './slice'

const AUDIT_PAGE = 200

export interface AuditSlice {
  auditItems: AuditListItem[]
  auditTotal: number
  chainStatus: ChainStatus | null
  verifyingChain: boolean
  /** When the chain was last checked (ISO 8601): a check that finds what the one before did still shows it ran (`v`). */
  chainCheckedAt: string | null
  signingKeys: SigningKeyView[]
  /** The history shown in the audit drawer, if open. */
  history: CaseHistory | null
  loadAudit(): Promise<void>
  loadMoreAudit(): Promise<void>
  verifyChain(): Promise<void>
  exportAuditLog(): Promise<void>
  openHistory(casePk: number): Promise<void>
  /** Reads the open history again if it is `casePk`'s (its case changed: a new title, a decision made elsewhere). */
  refreshHistory(casePk: number): Promise<void>
  closeHistory(): void
  loadSigningKeys(): Promise<void>
  rotateSigningKey(): Promise<void>
}

/** What a key meant for the case says while the history covers it; it goes when the history closes. */
export const HISTORY_HOLDS_KEYS = 'The history covers the case: Esc closes it, then keys act on the case.'

/**
 * Reads of a case's history begun (open, read again) or ended (closed): only the answer to the
 * latest read is shown. An earlier one answering last showed another case's history over the case
 * on screen, or reopened a history closed while it was read.
 */
let historyReads = 0

export const createAuditSlice: SliceCreator<AuditSlice> = (set, get) => ({
  auditItems: [],
  auditTotal: 0,
  chainStatus: null,
  verifyingChain: false,
  chainCheckedAt: null,
  signingKeys: [],
  history: null,

  loadAudit() {
    return showingFailure(get, 'Could not load the audit trail', async () => {
      const page = await bridge.listAuditRecords({ offset: 0, limit: AUDIT_PAGE })
      set({ auditItems: page.items, auditTotal: page.total })
      await Promise.all([get().verifyChain(), get().loadSigningKeys()])
    })
  },

  loadMoreAudit() {
    return showingFailure(get, 'Could not load more of the audit trail', async () => {
      const { auditItems, auditTotal } = get()
      if (auditItems.length >= auditTotal) return
      const page = await bridge.listAuditRecords({ offset: auditItems.length, limit: AUDIT_PAGE })
      set({ auditItems: [...auditItems, ...page.items], auditTotal: page.total })
    })
  },

  async verifyChain() {
    set({ verifyingChain: true })
    await showingFailure(get, 'Could not verify the chain', async () => set({ chainStatus: await bridge.verifyAuditChain(), chainCheckedAt: new Date().toISOString() }))
    set({ verifyingChain: false })
  },

  exportAuditLog() {
    return showingFailure(get, 'Export failed', async () => {
      const result = await bridge.exportAuditLog()
      if (result) get().showNotice(`Exported ${result.count} decision records to ${result.file}; check it with npm run verify-audit`)
    })
  },

  openHistory(casePk) {
    const read = ++historyReads
    return showingFailure(get, 'Could not open the history', async () => {
      const history = await bridge.getCaseHistory(casePk)
      if (read === historyReads) set({ history })
    })
  },

  refreshHistory(casePk) {
    if (get().history?.casePk !== casePk) return Promise.resolve()
    const read = ++historyReads
    return showingFailure(get, 'Could not read the history again', async () => {
      const history = await bridge.getCaseHistory(casePk)
      if (read === historyReads) set({ history })
    })
  },

  closeHistory() {
    historyReads++
    set({ history: null })
    // It stayed in the status bar through triage and on into the source, no longer true.
    if (get().error === HISTORY_HOLDS_KEYS) get().dismissError()
  },

  loadSigningKeys() {
    return showingFailure(get, 'Could not load the signing keys', async () => set({ signingKeys: await bridge.getSigningKeys() }))
  },

  async rotateSigningKey() {
    set({ signingKeys: await bridge.rotateSigningKey() })
    // A key that could not sign (its private half lost) was a problem shown in the header; no longer.
    await get().loadSummary()
    get().showNotice('A new signing key is in use; decisions signed with the old one stay verifiable.')
  }
})
