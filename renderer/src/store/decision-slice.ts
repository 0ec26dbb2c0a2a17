import { commandKeys, REACTION_TIME_MS } from '../../../shared/commands'
import type { DecisionRequest, Outcome } from '../../../shared/domain/decision'
import { refusedAnswer } from '../../../shared/domain/offered-answers'
import { editProblem } from './edit-check'
import { approveKeyChoice, confirmationPrompt, numbersChooseOptions } from '../../../shared/domain/option-effect'
import { mergeFieldNames } from '../../../shared/domain/proposal-fields'
import type { CaseDetail, DecisionReceipt, QueueCounts, WorkspaceSummary } from '../../../shared/ipc/views'
import { bridge } from '../api/bridge'
import { showingFailure } from './status-slice'
import type { AppState } from './index'
import type { SetOwnState, SliceCreator } from './slice'
import { selectOpenCase } from './selectors'

export interface LastDecision {
  decisionId: string
  title: string
  outcome: Outcome
  /** The backend the decision goes to (its workspace): the status bar names it apart from a reroute's target. */
  workspaceId: string
  workspaceName: string
  /** A reroute's target as its backend lists it (its label, or its id when the list no longer has it). */
  rerouteTo?: string
  /** A chosen option's label, as the case lists it. */
  optionLabel?: string
  /** A deferral's end (ISO 8601): when the case comes back. */
  deferUntil?: string
  /** Whether `u` can still take it back: false once its undo window has passed. */
  undoable: boolean
}

export type PickerMode = 'reject' | 'reroute' | 'defer' | 'needs-info' | 'take-over'

/**
 * The press that asks for a decision, from a key, the palette or a menu: its key (pressing it
 * again confirms) and when it was pressed, in `performance.now()` milliseconds (for a key, its
 * `KeyboardEvent.timeStamp`).
 */
export interface DecisionPress {
  key: string
  at: number
  /**
   * For a single key: milliseconds since the key that typed text before it (`msSinceTypingKey`). Absent
   * for the palette, a menu, a chord (Ctrl+Enter) or a picker's number key, which check their own way.
   */
  afterKeyMs?: number
}

/** A decision that waits for its key to be pressed once more (irreversible or customer-facing). */
export interface PendingConfirmation {
  key: string
  message: string
  /** The case the prompt was shown for: the confirmation applies to it alone. */
  casePk: number
  draft: DecisionDraft
  /**
   * The reviewer's edits the message quotes (the drafts' record for the case, by identity): a
   * confirmation records only these. Typing in the draft under the prompt made a new record.
   */
  edited: Readonly<Record<string, string>> | undefined
  /** When the prompt appeared (`performance.now()` ms): it is answered only once it can have been read. */
  shownAt: number
}

/** Decisions made in this session, for the triage counter. */
export interface SessionStats {
  startedAt: number
  /** When the latest decision of the session was stored. */
  lastAt: number
  secondsPerCase: number[]
}

export type DecisionDraft = Omit<DecisionRequest, 'casePk' | 'revision' | 'shownContentHash' | 'openedAt'>

export interface DecisionSlice {
  summary: WorkspaceSummary | null
  counts: QueueCounts
  picker: PickerMode | null
  /** The time of the key that opened the picker (`event.timeStamp`): that key, and any before it, is no key for the picker. */
  pickerOpenedAt: number
  pendingConfirmation: PendingConfirmation | null
  deciding: boolean
  lastDecision: LastDecision | null
  session: SessionStats
  /** Which field of an open merge the number keys choose a survivor for. */
  mergeFieldIndex: number
  /** How long a case must have been on screen before a decision applies to it (ms; a setting). */
  reactionTimeMs: number
  loadSummary(): Promise<void>
  loadReactionTime(): Promise<void>
  setReactionTime(ms: number): Promise<void>
  /** `a`: approve the proposal, with the reviewer's edits; for options, the recommended one. */
  approve(press: DecisionPress): Promise<void>
  /** A number key: an option, a label, or the surviving value of the current merge field. */
  pick(index: number, press: DecisionPress): Promise<void>
  /** Opens a picker (not for a key typed amid others); those for the open case (all but take-over) only once it has been seen. */
  openPicker(mode: PickerMode, press: DecisionPress): void
  takeOver(backendId: string, caseId: string): Promise<void>
  closePicker(): void
  decide(draft: DecisionDraft, press: DecisionPress): Promise<void>
  /** The prompt's key pressed again (or Enter): records the decision waiting for it. */
  confirmPending(press: DecisionPress): Promise<void>
  /**
   * Any other key, or Esc: the decision waiting for confirmation is dropped, with a refusal of an
   * early confirming press ("Press again to confirm"). With `key` (the key's name as the reviewer
   * reads it, or null for Esc) the status bar says nothing was decided, and why.
   */
  cancelPendingConfirmation(key?: string | null): void
  /** `u`: retracts the last decision while it waits in the outbox (not for a key typed amid others). */
  undo(press?: DecisionPress): Promise<void>
  moveMergeField(delta: number): void
  /** Another case was selected: the merge field starts over and a pending confirmation lapses. */
  selectionMoved(): void
}

/**
 * Why a press must not decide the open case, or null if it may: the case has to have been on
 * screen, as shown now (same revision), for the reviewer's reaction time before the press.
 */
function unseenReason(state: AppState, detail: CaseDetail, press: DecisionPress): string | null {
  const shown = state.shownCase
  const key = press.key.length === 1 ? `“${press.key}”` : press.key
  if (state.departedCase === detail.casePk) return `Not decided: ${key} was for a case that has left your queue (its notice says why); move on to the next case.`
  if (!shown || shown.casePk !== detail.casePk || shown.revision !== detail.reviewCase.revision || shown.contentHash !== detail.contentHash || press.at < shown.at) {
    return `Not decided: ${key} came before the case was on screen. Press again.`
  }
  const seenFor = press.at - shown.at
  if (seenFor >= state.reactionTimeMs) return null
  return `Not decided: ${key} came ${Math.round(seenFor)} ms after the case appeared (reaction time ${state.reactionTimeMs} ms). Press again.`
}

/** Why a reroute press must not decide, or null if it may: the list of targets changed (a sync) less than the reaction time before it. */
function unseenTargetsReason(state: AppState, press: DecisionPress): string | null {
  const seenFor = press.at - state.rerouteTargetsChangedAt
  if (seenFor >= state.reactionTimeMs) return null
  return `Not rerouted: “${press.key}” came ${Math.round(Math.max(0, seenFor))} ms after its backend sent a new list of targets (reaction time ${state.reactionTimeMs} ms). Look at the list, then press again.`
}

/**
 * Why a key must not decide or open a prompt, or null if it may: it came sooner than the reviewer's
 * reaction time after a key that types text, as the keys of typed text do (30–150 ms apart). A
 * reviewer's own key comes after looking at the case, so at full speed this refuses nothing.
 */
export function typedReason(state: AppState, press: DecisionPress): string | null {
  if (press.afterKeyMs === undefined || press.afterKeyMs >= state.reactionTimeMs) return null
  const key = press.key.length === 1 ? `“${press.key}”` : press.key
  return `Nothing done: ${key} came ${Math.round(press.afterKeyMs)} ms after the key typed before it, as in typing (reaction time ${state.reactionTimeMs} ms). Press it on its own.`
}

/**
 * Makes a stored decision the last one (what the status bar names, and what `u` takes back), with
 * the queue's counts from its receipt; the status bar stops offering `u` when its window closes.
 */
function rememberDecision(set: SetOwnState<DecisionSlice>, get: () => AppState, receipt: DecisionReceipt, shown: Omit<LastDecision, 'decisionId' | 'outcome' | 'undoable'>): void {
  set({ counts: receipt.counts, lastDecision: { ...shown, decisionId: receipt.decisionId, outcome: receipt.outcome, undoable: true } })
  setTimeout(
    () => {
      const last = get().lastDecision
      if (last?.decisionId === receipt.decisionId) set({ lastDecision: { ...last, undoable: false } })
    },
    Math.max(0, Date.parse(receipt.undoableUntil) - Date.now())
  )
}

/** Stores a decision on a case already seen and confirmed; the UI moves on once it is stored. */
async function record(set: SetOwnState<DecisionSlice>, get: () => AppState, detail: CaseDetail, draft: DecisionDraft): Promise<void> {
  if (get().deciding) {
    get().showError('Still saving your previous decision; nothing was recorded for this key. Press it again.')
    return
  }
  const state = get()
  const edited = state.drafts.get(detail.casePk)
  const openedAt = state.openedAt.get(detail.casePk) ?? new Date().toISOString()
  set({ deciding: true, picker: null, pendingConfirmation: null })
  try {
    const receipt = await bridge.decide({
      ...draft,
      casePk: detail.casePk,
      revision: detail.reviewCase.revision,
      shownContentHash: detail.contentHash,
      editedValues: edited && draft.outcome !== 'reject' ? edited : undefined,
      openedAt
    })
    get().clearDraft(detail.casePk)
    const { session } = get()
    rememberDecision(set, get, receipt, {
      title: detail.reviewCase.title,
      workspaceId: detail.workspaceId,
      workspaceName: detail.workspaceName,
      rerouteTo: draft.rerouteTo && (detail.rerouteTargets?.targets.find((target) => target.id === draft.rerouteTo)?.label ?? draft.rerouteTo),
      optionLabel: draft.optionId && detail.reviewCase.options.find((option) => option.id === draft.optionId)?.label,
      deferUntil: draft.deferUntil
    })
    set({
      mergeFieldIndex: 0,
      session: { ...session, lastAt: Date.now(), secondsPerCase: [...session.secondsPerCase, (Date.now() - Date.parse(openedAt)) / 1000] }
    })
    get().dismissError()
    get().showNotice(null)
    get().removeFromQueue(detail.casePk)
    // The header's overdue and due-soon counts, once the next case is on screen.
    requestIdleCallback(() => void get().loadQueueStats(), { timeout: 1_000 })
  } catch (error) {
    const code = get().showFailure('Not recorded', error)
    // The case changed or left the queue meanwhile: fetch it again, so the reviewer sees what it is now.
    if (code === 'revision-conflict' || code === 'already-decided') get().casesChanged([detail.casePk])
  } finally {
    set({ deciding: false })
  }
}

/**
 * Counts the reviewer's decision presses (and pickers opened): a decision that waited (for the
 * edit check's first load) goes ahead only if none came after it, so a later `r`, `a` or option
 * key is the reviewer's choice, not the earlier one.
 */
let decisionIntents = 0

export const createDecisionSlice: SliceCreator<DecisionSlice> = (set, get) => ({
  summary: null,
  counts: { pending: 0, decided: 0 },
  picker: null,
  pickerOpenedAt: 0,
  pendingConfirmation: null,
  deciding: false,
  lastDecision: null,
  session: { startedAt: Date.now(), lastAt: Date.now(), secondsPerCase: [] },
  mergeFieldIndex: 0,
  reactionTimeMs: REACTION_TIME_MS.default,

  loadSummary() {
    return showingFailure(get, 'Could not load the workspace', async () => {
      const summary = await bridge.getWorkspaceSummary()
      set({ summary, counts: summary.counts })
      // The status bar stops offering u when the undo window of a decision from before closes.
      if (summary.undoableUntil) {
        setTimeout(
          () => {
            const now = get().summary
            if (now === summary) set({ summary: { ...now, undoableUntil: null } })
          },
          Math.max(0, Date.parse(summary.undoableUntil) - Date.now())
        )
      }
    })
  },

  loadReactionTime() {
    return showingFailure(get, 'Could not load the reaction time', async () => set({ reactionTimeMs: await bridge.getReactionTimeMs() }))
  },

  async setReactionTime(ms) {
    try {
      set({ reactionTimeMs: await bridge.setReactionTimeMs(ms) })
      get().showNotice(`Reaction time saved: ${ms} ms.`)
    } catch (error) {
      get().showFailure('Reaction time not changed', error)
    }
  },

  approve(press) {
    const detail = selectOpenCase(get())
    if (!detail) return Promise.resolve()
    return get().decide(approveKeyChoice(detail.reviewCase), press)
  },

  async pick(index, press) {
    const detail = selectOpenCase(get())
    if (!detail) return
    const { reviewCase } = detail
    if (reviewCase.kind === 'record-merge') {
      const unseen = unseenReason(get(), detail, press)
      if (unseen) return get().showError(unseen)
      const field = mergeFieldNames(reviewCase)[get().mergeFieldIndex]
      const record = reviewCase.proposal.records[index]
      if (field && record) get().setDraft(detail.casePk, `survivors.${field}`, record.id === (reviewCase.proposal.survivors[field] ?? reviewCase.proposal.records[0]!.id) ? null : record.id)
      return
    }
    const option = reviewCase.options[index]
    if (!option || !numbersChooseOptions(reviewCase)) return
    // On a reply, options that mean approving or rejecting go the same way as `a` and `r`, edits
    // and reasons included; a category or an exception's option is the choice itself.
    if (reviewCase.kind === 'text-approval' && option.via === 'approve') return get().approve(press)
    if (reviewCase.kind === 'text-approval' && option.via === 'reject') return get().openPicker('reject', press)
    await get().decide({ outcome: 'choose-option', optionId: option.id }, press)
  },

  openPicker(mode, press) {
    if (mode === 'take-over') {
      const typed = typedReason(get(), press)
      if (typed) return get().showError(typed)
      set({ picker: mode, pickerOpenedAt: press.at })
      return get().pressAccepted()
    }
    const detail = selectOpenCase(get())
    if (!detail) return
    const unseen = unseenReason(get(), detail, press) ?? typedReason(get(), press)
    if (unseen) return get().showError(unseen)
    decisionIntents += 1
    set({ picker: mode, pickerOpenedAt: press.at })
    get().pressAccepted()
  },

  async takeOver(backendId, caseId) {
    try {
      const { casePk, title, workspaceId, workspaceName, receipt } = await bridge.takeOverCase(backendId, caseId)
      // The take-over is a decision of its own: the one the status bar names, and `u` takes back.
      rememberDecision(set, get, receipt, { title, workspaceId, workspaceName })
      set({ picker: null })
      get().showNotice(`You took over case ${caseId}; it is yours to decide.`)
      await Promise.all([get().loadQueue(), get().loadSummary()])
      await get().selectCase(casePk)
    } catch (error) {
      get().showFailure('Not taken over', error)
    }
  },

  closePicker() {
    set({ picker: null })
  },

  /**
   * Records a decision on the open case, if it has been on screen for the reaction time and the
   * key was not typed amid others (`typedReason`). Actions
   * that are irreversible or reach a customer wait for their key to be pressed again (see
   * `confirmPending`). The UI moves on only once the decision is stored.
   */
  async decide(draft, press) {
    const state = get()
    const detail = selectOpenCase(state)
    if (!detail) return
    const unseen = unseenReason(state, detail, press) ?? typedReason(state, press) ?? (draft.outcome === 'reroute' ? unseenTargetsReason(state, press) : null)
    if (unseen) return get().showError(unseen)
    const edited = state.drafts.get(detail.casePk)
    const refused = refusedAnswer(detail.reviewCase, draft.outcome, Object.keys(edited ?? {}).length > 0)
    if (refused) return get().showError(`Nothing recorded: ${refused}`)
    // An edit the services would refuse (JSON that does not parse or meet its schema) is named
    // now, before any confirmation is asked for a decision that would not be recorded.
    const intent = ++decisionIntents
    if (draft.outcome !== 'reject' && edited && Object.keys(edited).length > 0) {
      let problem: string | null
      try {
        problem = await editProblem(detail.reviewCase, edited)
      } catch (error) {
        // Its chunk did not load (the host went away): nothing is recorded unchecked, and the
        // reviewer is told, unless a later press has taken over (it speaks for itself); the next
        // press imports it again (lazyModule).
        if (intent === decisionIntents) get().showFailure('Nothing recorded: the edit check could not be loaded (press the key again to retry)', error)
        return
      }
      // The check's first load took a moment. A later decision key or picker is the reviewer's
      // choice (it speaks for itself); otherwise the decision goes only to the case still on
      // screen, shown without a break (not left with j and come back to with k).
      if (intent !== decisionIntents) return
      const now = get()
      if (selectOpenCase(now) !== detail || now.shownCase !== state.shownCase) return now.showError('Nothing recorded: the case on screen changed while its edits were being checked.')
      if (problem) return get().showError(`Nothing recorded: ${problem}`)
    }
    // What the decision does is the case's own statement (shared/domain/option-effect.ts), never guessed from option ids.
    const message = confirmationPrompt(detail.reviewCase, draft, edited)
    if (!message) return record(set, get, detail, draft)
    // The same key again on the same case, from the palette or a menu, confirms as a key press does.
    const pending = state.pendingConfirmation
    if (pending?.casePk === detail.casePk && pending.key === press.key) return get().confirmPending(press)
    set({ pendingConfirmation: { key: press.key, message, casePk: detail.casePk, draft, edited, shownAt: performance.now() } })
    get().pressAccepted()
  },

  async confirmPending(press) {
    const state = get()
    const pending = state.pendingConfirmation
    const detail = selectOpenCase(state)
    if (!pending) return
    const sincePrompt = press.at - pending.shownAt
    if (sincePrompt < state.reactionTimeMs) {
      // A second press sooner than anyone could read the prompt (a double tap, a chattering key)
      // answers nothing; the prompt stays for a press made after reading it.
      const key = press.key.length === 1 ? `“${press.key}”` : press.key
      return get().showError(`Not confirmed: ${key} came ${Math.max(0, Math.round(sincePrompt))} ms after the prompt appeared (reaction time ${state.reactionTimeMs} ms). Press again to confirm.`)
    }
    set({ pendingConfirmation: null })
    if (detail?.casePk !== pending.casePk) return get().showError('Nothing recorded: the case you were asked about is no longer the open one.')
    // The prompt quoted the edits as they were: edits made since were never shown in it.
    if (state.drafts.get(pending.casePk) !== pending.edited) return get().showError('Nothing recorded: your edits changed after the prompt quoted them. Press the key again to have them quoted.')
    const unseen = unseenReason(state, detail, press)
    if (unseen) return get().showError(unseen)
    await record(set, get, detail, pending.draft)
  },

  cancelPendingConfirmation(key) {
    if (!get().pendingConfirmation) return
    set({ pendingConfirmation: null })
    get().pressAccepted()
    if (key !== undefined) get().showNotice(key === null ? 'Cancelled, nothing decided.' : `Cancelled, nothing decided: ${key} only closed the prompt.`)
  },

  async undo(press) {
    const typed = press && typedReason(get(), press)
    if (typed) return get().showError(typed)
    try {
      const receipt = await bridge.undoLast()
      const { session } = get()
      set({ counts: receipt.counts, lastDecision: null, session: { ...session, secondsPerCase: session.secondsPerCase.slice(0, -1) } })
      // The edits the decision approved are the reviewer's draft again: undo takes back the decision,
      // not the work. The case they were made on is cached first, so a revision that comes after is
      // merged with them (`casesChanged`).
      get().cacheCase(receipt.detail)
      for (const [path, value] of Object.entries(receipt.edits)) get().setDraft(receipt.casePk, path, value)
      const withEdits = Object.keys(receipt.edits).length > 0 ? ', with your edits' : ''
      const historyKeys = commandKeys(get().keymap, 'audit.caseHistory')
      const leftBehind = receipt.editsLeftBehind ? ` Its backend has revised it since: your edits, made on the earlier revision, are in its history (${historyKeys}), not in the proposal.` : ''
      get().showNotice(`Undone: your decision on “${receipt.caseTitle}” will not be sent. It is back in the queue${withEdits}.${leftBehind}`)
      await Promise.all([get().loadQueue(), get().loadSummary()])
      await get().selectCase(receipt.casePk)
    } catch (error) {
      get().showFailure('Not undone', error)
    }
  },

  moveMergeField(delta) {
    const detail = selectOpenCase(get())
    if (detail?.reviewCase.kind !== 'record-merge') return
    const count = mergeFieldNames(detail.reviewCase).length
    set({ mergeFieldIndex: Math.max(0, Math.min(get().mergeFieldIndex + delta, count - 1)) })
  },

  selectionMoved() {
    set({ mergeFieldIndex: 0, pendingConfirmation: null })
  }
})
