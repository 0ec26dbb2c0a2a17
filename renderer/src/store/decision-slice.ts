import type { StateCreator } from 'zustand'
import type { Case } from '../../../shared/domain/case'
import type { DecisionRequest, Outcome } from '../../../shared/domain/decision'
import { mergeFieldNames } from '../../../shared/domain/proposal-fields'
import type { QueueCounts, WorkspaceSummary } from '../../../shared/ipc/views'
import { bridge, errorMessage } from '../api/bridge'
import { selectOpenCase, type AppState } from './index'

export interface LastDecision {
  decisionId: string
  title: string
  outcome: Outcome
  workspaceName: string
}

export type PickerMode = 'reject' | 'reroute' | 'defer' | 'needs-info' | 'take-over'

/** An action that waits for its key to be pressed once more (irreversible or customer-facing). */
export interface PendingConfirmation {
  key: string
  message: string
  run(): void
}

/** Decisions made in this session, for the triage counter. */
export interface SessionStats {
  startedAt: number
  /** When the latest decision of the session was stored. */
  lastAt: number
  secondsPerCase: number[]
}

export type DecisionDraft = Omit<DecisionRequest, 'casePk' | 'revision' | 'openedAt'>

export interface DecisionSlice {
  summary: WorkspaceSummary | null
  counts: QueueCounts
  picker: PickerMode | null
  pendingConfirmation: PendingConfirmation | null
  deciding: boolean
  lastDecision: LastDecision | null
  error: string | null
  session: SessionStats
  /** Which field of an open merge the number keys choose a survivor for. */
  mergeFieldIndex: number
  loadSummary(): Promise<void>
  /** `a`: approve the proposal, with the reviewer's edits; for options, the recommended one. */
  approve(key?: string): Promise<void>
  /** A number key: an option, a label, or the surviving value of the current merge field. */
  pick(index: number): Promise<void>
  openPicker(mode: PickerMode): void
  takeOver(backendId: string, caseId: string): Promise<void>
  closePicker(): void
  decide(draft: DecisionDraft, confirmKey?: string): Promise<void>
  undo(): Promise<void>
  moveMergeField(delta: number): void
  showError(message: string): void
  dismissError(): void
}

/** Outcomes that carry the proposed action out (rather than stopping or handing it on). */
function actsOnProposal(draft: DecisionDraft, reviewCase: Case): boolean {
  if (draft.outcome === 'approve') return true
  if (draft.outcome !== 'choose-option') return false
  return !['refuse', 'keep-both', 'hold', 'ignore'].includes(draft.optionId ?? '') && reviewCase.kind !== 'classification'
}

function confirmationMessage(reviewCase: Case): string | null {
  const { risk } = reviewCase
  if (!risk.reversible) return `This cannot be undone: ${risk.irreversibleEffect ?? 'the action is final once approved.'}`
  if (risk.audience !== 'internal') return `This goes to ${risk.audience === 'public' ? 'the public' : 'the customer'}.`
  return null
}

export const createDecisionSlice: StateCreator<AppState, [], [], DecisionSlice> = (set, get) => ({
  summary: null,
  counts: { pending: 0, decided: 0 },
  picker: null,
  pendingConfirmation: null,
  deciding: false,
  lastDecision: null,
  error: null,
  session: { startedAt: Date.now(), lastAt: Date.now(), secondsPerCase: [] },
  mergeFieldIndex: 0,

  async loadSummary() {
    const summary = await bridge.getWorkspaceSummary()
    set({ summary, counts: summary.counts })
  },

  approve(key = 'a') {
    const detail = selectOpenCase(get())
    if (!detail) return Promise.resolve()
    const { reviewCase } = detail
    if (reviewCase.kind === 'exception') {
      const recommended = reviewCase.options.find((option) => option.recommended) ?? reviewCase.options[0]
      if (recommended) return get().decide({ outcome: 'choose-option', optionId: recommended.id }, key)
    }
    return get().decide({ outcome: 'approve' }, key)
  },

  async pick(index) {
    const detail = selectOpenCase(get())
    if (!detail) return
    const { reviewCase } = detail
    if (reviewCase.kind === 'record-merge') {
      const field = mergeFieldNames(reviewCase)[get().mergeFieldIndex]
      const record = reviewCase.proposal.records[index]
      if (field && record) get().setDraft(detail.casePk, `survivors.${field}`, record.id === (reviewCase.proposal.survivors[field] ?? reviewCase.proposal.records[0]!.id) ? null : record.id)
      return
    }
    const option = reviewCase.options[index]
    // Options that mean approving or rejecting go the same way as `a` and `r`, edits and reasons included.
    if (option?.via === 'approve') return get().approve(String(index + 1))
    if (option?.via === 'reject') return get().openPicker('reject')
    if (option && (reviewCase.kind === 'classification' || reviewCase.kind === 'exception' || reviewCase.kind === 'text-approval')) {
      await get().decide({ outcome: 'choose-option', optionId: option.id }, String(index + 1))
    }
  },

  openPicker(mode) {
    if (mode === 'take-over' || selectOpenCase(get())) set({ picker: mode })
  },

  async takeOver(backendId, caseId) {
    try {
      const { casePk } = await bridge.takeOverCase(backendId, caseId)
      set({ picker: null })
      get().showNotice(`You took over case ${caseId}; it is yours to decide.`)
      await Promise.all([get().loadQueue(), get().loadSummary()])
      await get().selectCase(casePk)
    } catch (error) {
      get().showError(`Not taken over: ${errorMessage(error)}`)
    }
  },

  closePicker() {
    set({ picker: null })
  },

  /**
   * Records a decision on the open case. Actions that are irreversible or reach a customer wait
   * for their key to be pressed again. The UI moves on only once the decision is stored.
   */
  async decide(draft, confirmKey) {
    const state = get()
    const detail = selectOpenCase(state)
    if (!detail) return
    if (state.deciding) {
      get().showError('Still saving your previous decision; nothing was recorded for this key. Press it again.')
      return
    }
    const message = actsOnProposal(draft, detail.reviewCase) ? confirmationMessage(detail.reviewCase) : null
    if (message && confirmKey && state.pendingConfirmation?.key !== confirmKey) {
      set({ pendingConfirmation: { key: confirmKey, message, run: () => void get().decide(draft) } })
      return
    }
    const edited = state.drafts.get(detail.casePk)
    const openedAt = state.openedAt.get(detail.casePk) ?? new Date().toISOString()
    set({ deciding: true, picker: null, pendingConfirmation: null })
    try {
      const receipt = await bridge.decide({
        ...draft,
        casePk: detail.casePk,
        revision: detail.reviewCase.revision,
        editedValues: edited && draft.outcome !== 'reject' ? edited : undefined,
        openedAt
      })
      get().clearDraft(detail.casePk)
      const { session } = get()
      set({
        counts: receipt.counts,
        lastDecision: { decisionId: receipt.decisionId, title: detail.reviewCase.title, outcome: receipt.outcome, workspaceName: detail.workspaceName },
        error: null,
        notice: null,
        mergeFieldIndex: 0,
        session: { ...session, lastAt: Date.now(), secondsPerCase: [...session.secondsPerCase, (Date.now() - Date.parse(openedAt)) / 1000] }
      })
      get().removeFromQueue(detail.casePk)
    } catch (error) {
      get().showError(`Not recorded: ${errorMessage(error)}`)
    } finally {
      set({ deciding: false })
    }
  },

  async undo() {
    try {
      const receipt = await bridge.undoLast()
      const { session } = get()
      set({ counts: receipt.counts, lastDecision: null, session: { ...session, secondsPerCase: session.secondsPerCase.slice(0, -1) } })
      get().showNotice(`Undone: your decision on “${receipt.caseTitle}” will not be sent. It is back in the queue.`)
      await get().loadQueue()
      await get().selectCase(receipt.casePk)
    } catch (error) {
      get().showError(errorMessage(error))
    }
  },

  moveMergeField(delta) {
    const detail = selectOpenCase(get())
    if (detail?.reviewCase.kind !== 'record-merge') return
    const count = mergeFieldNames(detail.reviewCase).length
    set({ mergeFieldIndex: Math.max(0, Math.min(get().mergeFieldIndex + delta, count - 1)) })
  },

  showError(message) {
    set({ error: message })
  },

  dismissError() {
    set({ error: null })
  }
})
