import type { StateCreator } from 'zustand'
import type { Reason } from '../../../shared/domain/case'
import { rejectReasonsFor, type Outcome } from '../../../shared/domain/decision'
import { proposalText } from '../../../shared/domain/proposal-text'
import type { QueueCounts, WorkspaceSummary } from '../../../shared/ipc/views'
import { bridge, errorMessage } from '../api/bridge'
import type { AppState } from './index'

export interface LastDecision {
  decisionId: string
  title: string
  outcome: Outcome
  workspaceName: string
}

export interface DecisionSlice {
  summary: WorkspaceSummary | null
  counts: QueueCounts
  rejectPickerOpen: boolean
  deciding: boolean
  lastDecision: LastDecision | null
  error: string | null
  loadSummary(): Promise<void>
  approve(): Promise<void>
  openRejectPicker(): void
  closeRejectPicker(): void
  rejectWith(reasonIndex: number): Promise<void>
  showError(message: string): void
  dismissError(): void
}

export const createDecisionSlice: StateCreator<AppState, [], [], DecisionSlice> = (set, get) => {
  /** Records a decision on the selected case; the UI moves on only once it is stored. */
  async function decideSelected(outcome: 'approve' | 'reject', reason?: Reason): Promise<void> {
    const state = get()
    const row = state.rows[state.selectedIndex]
    const detail = row && state.cases.get(row.casePk)
    if (!row || !detail || state.deciding) return
    const { editableField } = proposalText(detail.reviewCase)
    const draft = state.drafts.get(row.casePk)
    set({ deciding: true, rejectPickerOpen: false })
    try {
      const receipt = await bridge.decide({
        casePk: row.casePk,
        revision: detail.reviewCase.revision,
        outcome,
        reasonCode: reason?.code,
        editedValues: editableField && draft !== undefined ? { [editableField]: draft } : undefined,
        openedAt: state.openedAt.get(row.casePk) ?? new Date().toISOString()
      })
      get().setDraft(row.casePk, null)
      set({
        counts: receipt.counts,
        lastDecision: { decisionId: receipt.decisionId, title: detail.reviewCase.title, outcome: receipt.outcome, workspaceName: detail.workspaceName },
        error: null,
        notice: null
      })
      get().removeFromQueue(row.casePk)
    } catch (error) {
      get().showError(`Not recorded: ${errorMessage(error)}`)
    } finally {
      set({ deciding: false })
    }
  }

  return {
    summary: null,
    counts: { pending: 0, decided: 0 },
    rejectPickerOpen: false,
    deciding: false,
    lastDecision: null,
    error: null,

    async loadSummary() {
      const summary = await bridge.getWorkspaceSummary()
      set({ summary, counts: summary.counts })
    },

    approve: () => decideSelected('approve'),

    openRejectPicker() {
      if (get().rows[get().selectedIndex]) set({ rejectPickerOpen: true })
    },

    closeRejectPicker() {
      set({ rejectPickerOpen: false })
    },

    async rejectWith(reasonIndex) {
      const state = get()
      const row = state.rows[state.selectedIndex]
      const detail = row && state.cases.get(row.casePk)
      const reason = detail && rejectReasonsFor(detail.reviewCase)[reasonIndex]
      if (reason) await decideSelected('reject', reason)
    },

    showError(message) {
      set({ error: message })
    },

    dismissError() {
      set({ error: null })
    }
  }
}
