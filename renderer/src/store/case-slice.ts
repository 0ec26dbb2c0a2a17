import type { RerouteTargets } from '../../../shared/domain/reroute-target'
import type { CaseDetail, StoredDraft } from '../../../shared/ipc/views'
import { bridge } from '../api/bridge'
import { showingFailure } from './status-slice'
import type { SliceCreator } from './slice'
import type { AppState } from './index'
import { whenKeysRest } from './reviewer-keys'
import { selectOpenCase } from './selectors'
import { noteSyncChanges } from './queue-slice'
import { preloadEditCheck } from './edit-check'
import { carriedFromStored, carriedOnto, setAsideBeside } from './carried-drafts'
import { broughtBack, droppedFrom, withoutCase, type DroppedEdits } from './dropped-edits'
import { commandKeys } from '../../../shared/commands'

/** Where the cursor is in the proposal's editor (CaseSlice.proposalFocus). */
export type ProposalFocus = 'typing' | 'read-only' | null

/** Enough to cover the prefetch window both ways without growing without bound. */
const CASE_CACHE_LIMIT = 64

export interface CaseSlice {
  /** Cases fetched or prefetched from the cache, by case pk (insertion-ordered for eviction). */
  cases: Map<number, CaseDetail>
  /** When each case was first shown: the decision records it as "opened at". */
  openedAt: Map<number, string>
  /** The reviewer's undecided edits of a case's proposal (path → value), kept while they move around and saved in the cache (`keepDraftsSaved`). */
  drafts: Map<number, Record<string, string>>
  /**
   * Where the cursor is in the proposal's editor: 'typing' (after `e`, keys type text until
   * `Esc`), 'read-only' (the proposal cannot be edited, as when a new revision made it so under
   * the reviewer's typing: keys do nothing there until `Esc`), or null (not in it).
   */
  proposalFocus: ProposalFocus
  /**
   * The case on screen, as painted: which revision, since when (`performance.now()` ms). A
   * decision applies to a case only once it has been here for the reviewer's reaction time.
   */
  shownCase: { casePk: number; revision: number; contentHash: string; at: number } | null
  /**
   * The case last on screen (`caseShown`), kept while another screen is shown (`caseHidden`
   * leaves it): a sync that takes it out of the queue meanwhile holds it as the departed case, so
   * the reviewer comes back to it and its notice, not to the case that took its row.
   */
  lastShownCase: number | null
  /** A case the backend revised while it was open: casePk → the notice shown on it. */
  caseNotices: Map<number, string>
  /**
   * Edits a new revision of their case made moot (it changed the same lines, or the same value):
   * not applied, kept to show beside its notice until the case is decided. casePk → path → value.
   */
  setAsideEdits: Map<number, Record<string, string>>
  /**
   * When a sync last changed the open case's reroute targets (`performance.now()` ms): a number
   * key in the reroute picker counts only once the new list has been on screen for the reaction
   * time, so a target that took another's number is never picked by a press meant for the old one.
   */
  rerouteTargetsChangedAt: number
  loadCase(casePk: number): void
  /** Keeps a case's details that came with another answer (a queue page, an undo), as `loadCase` would. */
  cacheCase(detail: CaseDetail): void
  markOpened(casePk: number): void
  /** The open case was painted; the time counts from its first paint at this revision. */
  caseShown(casePk: number): void
  /** No case is on screen any more (another screen is). */
  caseHidden(): void
  setProposalFocus(focus: ProposalFocus): void
  /** Sets (or, with null, drops) the edited value of one proposal field. */
  setDraft(casePk: number, path: string, value: string | null): void
  /** Drops the case's draft and set-aside edits once a decision on it is recorded; edits dropped from it with `dropEdits` go too. */
  clearDraft(casePk: number): void
  /** Edits dropped (`dropEdits`) by case pk, to bring back (`bringBackEdits`): until brought back, the case edited anew, or decided. */
  droppedEdits: Map<number, DroppedEdits>
  /**
   * Drops the case's edits, set-aside ones too: the proposal is as sent again (`droppedFrom`), and
   * the status bar says how to bring them back. The draft kept in the cache goes with them. Not
   * while a decision is being recorded: it takes the edits as they were when it was pressed.
   */
  dropEdits(casePk: number): void
  /** Brings back the edits dropped from the case (`broughtBack`), or the status bar says why they cannot come back. */
  bringBackEdits(casePk: number): void
  /**
   * Brings back the edits kept in the cache (`bridge.listDrafts`: after a reload of the window or
   * a restart), each with its case cached, and carried onto the cached copy when a revision came
   * since (the case's notice says so). A case already edited in this window keeps those edits, and
   * the kept ones that differ are set aside beside them (`setAsideBeside`).
   */
  loadDrafts(): Promise<void>
  /**
   * A sync changed these cases: drop stale copies, reload the open one and those holding edits,
   * carrying the edits onto a new revision (`rebaseDraft`) and saying so.
   */
  casesChanged(casePks: number[]): void
  /** A sync brought new reroute targets for a workspace: its cached cases list these (their content is unchanged). */
  rerouteTargetsChanged(workspaceId: string, rerouteTargets: RerouteTargets): void
}

const casesInFlight = new Set<number>()

/**
 * The case cache with `detail` added (or replaced), the oldest entries dropped beyond
 * CASE_CACHE_LIMIT, except cases holding the reviewer's edits and a departed case still on screen.
 */
function withCachedCase({ cases: cached, drafts, departedCase }: Pick<AppState, 'cases' | 'drafts' | 'departedCase'>, detail: CaseDetail): Map<number, CaseDetail> {
  const cases = new Map(cached)
  cases.set(detail.casePk, detail)
  for (const key of cases.keys()) {
    if (cases.size <= CASE_CACHE_LIMIT) break
    if (key !== detail.casePk && key !== departedCase && !drafts.has(key)) cases.delete(key)
  }
  return cases
}
/** How the notice of a case that left the queue ends: dropped once the case is pending again. */
const DEPARTURE_NOTICE_END = 'it no longer needs your decision.'
/**
 * Why a case left the queue under the reviewer, as the notice's first half, with the backend's own
 * words when it gave them: "Agents withdrew this case (the thread was deleted)".
 */
function departure({ workspaceName, state, endReason }: CaseDetail): string {
  const said = endReason ? ` (${endReason.trim().replace(/[.;]+$/, '')})` : ''
  if (state === 'withdrawn') return `${workspaceName} withdrew this case${said}`
  if (state === 'reassigned') return `${workspaceName} gave this case to ${endReason ? endReason.trim() : 'someone else'}`
  return 'This case was decided elsewhere'
}
function isDepartureNotice(notice: string | undefined): boolean {
  return notice?.endsWith(DEPARTURE_NOTICE_END) ?? false
}

/**
 * The store with a draft kept in the cache brought back (`StoredDraft`): its case cached, its
 * edits as the draft — carried onto the cached copy when they were made on another
 * (`carriedOnto`), or all set aside when that copy no longer reads — and the edits set aside
 * before shown again. The case on screen, if it is this one, is timed anew from now: the edits
 * appear on it, and a decision key counts only once they have been seen.
 */
function restoredDraft(state: AppState, { detail, edits, setAside, base }: StoredDraft): Pick<Partial<AppState>, 'drafts' | 'setAsideEdits' | 'cases' | 'caseNotices' | 'shownCase'> {
  const casePk = detail.casePk
  const drafts = Object.keys(edits).length > 0 ? new Map(state.drafts).set(casePk, edits) : state.drafts
  const setAsideEdits = Object.keys(setAside).length > 0 ? new Map(state.setAsideEdits).set(casePk, setAside) : state.setAsideEdits
  let restored: ReturnType<typeof restoredDraft> = { drafts, setAsideEdits, cases: withCachedCase({ ...state, drafts }, detail) }
  if (base !== null) {
    const carried = carriedFromStored({ drafts, setAsideEdits }, base, detail, edits)
    restored = { ...restored, ...carried.state, caseNotices: new Map(state.caseNotices).set(casePk, carried.notice) }
  }
  const shown = state.shownCase
  return shown?.casePk === casePk ? { ...restored, shownCase: { ...shown, at: performance.now() } } : restored
}

/** Why E does nothing while a decision is recorded: the editor shows what that decision takes until it is. */
const STILL_DECIDING = 'Still saving your decision; your edits are as they were. Press the key again once it is saved.'

const QUEUE_REFRESH_DELAY_MS = 300
/** A pull brings changes page after page: the queue is refreshed once they pause, and the reviewer's keys too. */
const refreshQueueInPause = whenKeysRest(QUEUE_REFRESH_DELAY_MS)

export const createCaseSlice: SliceCreator<CaseSlice> = (set, get) => ({
  cases: new Map(),
  openedAt: new Map(),
  drafts: new Map(),
  proposalFocus: null,
  shownCase: null,
  lastShownCase: null,
  caseNotices: new Map(),
  setAsideEdits: new Map(),
  droppedEdits: new Map(),
  rerouteTargetsChangedAt: -Infinity,

  loadCase(casePk) {
    if (get().cases.has(casePk) || casesInFlight.has(casePk)) return
    casesInFlight.add(casePk)
    bridge
      .getCase(casePk)
      .then((detail) => set((state) => ({ cases: withCachedCase(state, detail) })))
      .catch((error: unknown) => get().showFailure('Could not open the case', error))
      .finally(() => casesInFlight.delete(casePk))
  },

  cacheCase(detail) {
    set((state) => ({ cases: withCachedCase(state, detail) }))
    // A copy that is pending again (undone, or sent back) makes a notice of its leaving untrue.
    if (detail.state === 'pending' && isDepartureNotice(get().caseNotices.get(detail.casePk))) {
      const caseNotices = new Map(get().caseNotices)
      caseNotices.delete(detail.casePk)
      set({ caseNotices })
    }
  },

  markOpened(casePk) {
    if (get().openedAt.has(casePk)) return
    const openedAt = new Map(get().openedAt)
    openedAt.set(casePk, new Date().toISOString())
    set({ openedAt })
  },

  caseShown(casePk) {
    const detail = get().cases.get(casePk)
    const shown = get().shownCase
    if (!detail) return
    const { contentHash, reviewCase: { revision } } = detail
    // Other content under the same revision (a stale cached copy its backend's copy replaced) is shown anew too.
    if (shown?.casePk === casePk && shown.revision === revision && shown.contentHash === contentHash) return
    set({ shownCase: { casePk, revision, contentHash, at: performance.now() }, lastShownCase: casePk })
    // What the status bar said of a case is not about another one, nor about a new revision of it.
    const { noticeCase } = get()
    if (noticeCase !== null && (noticeCase !== casePk || (shown?.casePk === casePk && shown.revision !== revision))) get().showNotice(null)
    // The cases around it, held back until one was on screen (`prefetchAroundSelection`).
    if (shown === null) get().prefetchAroundSelection()
  },

  caseHidden() {
    set({ shownCase: null })
  },

  casesChanged(casePks) {
    const changed = new Set(casePks)
    const open = selectOpenCase(get())
    // The open case, and cases holding edits, are fetched again at once: the edits are carried
    // onto the new revision while the one they were made on is still known.
    const refetched = [...changed].filter((casePk) => get().cases.has(casePk) && (casePk === open?.casePk || get().drafts.has(casePk)))
    // Stale copies go; the open case stays on screen until its fresh copy replaces it. A pull
    // mostly brings cases never opened here: then nothing changes and nobody re-renders.
    const stale = [...changed].filter((casePk) => !refetched.includes(casePk) && get().cases.has(casePk))
    // A case that left the queue and changed again may be back in it: what its notice said of its
    // leaving no longer holds (a refetched case's notice is set anew below, from its fresh copy).
    const departureNotices = [...changed].filter((casePk) => !refetched.includes(casePk) && isDepartureNotice(get().caseNotices.get(casePk)))
    if (departureNotices.length > 0) {
      const caseNotices = new Map(get().caseNotices)
      for (const casePk of departureNotices) caseNotices.delete(casePk)
      set({ caseNotices })
    }
    if (stale.length > 0) {
      const cases = new Map(get().cases)
      for (const casePk of stale) cases.delete(casePk)
      set({ cases })
      // Fetched again now, while the sync's change is news, not on the press that reaches them.
      get().prefetchAroundSelection()
    }
    for (const casePk of refetched) {
      void showingFailure(get, 'Could not reload a case the backend changed', async () => {
        const fresh = await bridge.getCase(casePk)
        // The copy the edits were made on: the one cached now, which an earlier reload may have replaced.
        const before = get().cases.get(casePk)
        let state: Pick<Partial<AppState>, 'cases' | 'drafts' | 'setAsideEdits'> = { cases: new Map(get().cases).set(casePk, fresh) }
        const caseNotices = new Map(get().caseNotices)
        if (before && (fresh.reviewCase.revision !== before.reviewCase.revision || fresh.contentHash !== before.contentHash)) {
          const carried = carriedOnto(get(), before.reviewCase, fresh, get().drafts.get(casePk), selectOpenCase(get())?.casePk === casePk)
          state = { ...state, ...carried.state }
          caseNotices.set(casePk, carried.notice)
        }
        if (fresh.state !== 'pending') caseNotices.set(casePk, `${departure(fresh)}; ${DEPARTURE_NOTICE_END}`)
        else if (isDepartureNotice(caseNotices.get(casePk))) caseNotices.delete(casePk)
        set({ ...state, caseNotices })
      })
    }
    // A history open over a case that changed shows its title and decisions as they are now.
    const historyOf = get().history?.casePk
    if (historyOf !== undefined && changed.has(historyOf)) void get().refreshHistory(historyOf)
    // Rows never move (nor the list re-render) under a press; a page needed meanwhile reloads the queue.
    noteSyncChanges(changed)
    refreshQueueInPause(() => void Promise.all([get().loadQueue(), get().loadSummary()]))
  },

  rerouteTargetsChanged(workspaceId, rerouteTargets) {
    const cases = new Map(get().cases)
    for (const [casePk, detail] of cases) if (detail.workspaceId === workspaceId) cases.set(casePk, { ...detail, rerouteTargets })
    const openChanged = selectOpenCase(get())?.workspaceId === workspaceId
    set({ cases, ...(openChanged ? { rerouteTargetsChangedAt: performance.now() } : {}) })
  },

  setProposalFocus(proposalFocus) {
    if (get().proposalFocus !== proposalFocus) set({ proposalFocus })
  },

  setDraft(casePk, path, value) {
    const drafts = new Map(get().drafts)
    const edited = { ...drafts.get(casePk) }
    if (value === null) delete edited[path]
    else edited[path] = value
    // The reviewer is editing: the check their decision will run loads now, off the keys' path.
    if (value !== null) preloadEditCheck()
    if (Object.keys(edited).length === 0) drafts.delete(casePk)
    else drafts.set(casePk, edited)
    // Edited anew after a drop: the dropped edits can no longer come back (`broughtBack`), and what
    // the status bar said of them is over.
    const dropped = value !== null && get().droppedEdits.has(casePk)
    set(dropped ? { drafts, droppedEdits: withoutCase(get().droppedEdits, casePk) } : { drafts })
    if (dropped && get().noticeCase === casePk) get().showNotice(null)
  },

  loadDrafts() {
    return showingFailure(get, 'Could not bring back your edits from before', async () => {
      for (const stored of await bridge.listDrafts()) {
        const casePk = stored.detail.casePk
        const editedHere = get().drafts.has(casePk) || get().setAsideEdits.has(casePk)
        set(editedHere ? setAsideBeside(get(), casePk, stored) : restoredDraft(get(), stored))
      }
    })
  },

  clearDraft(casePk) {
    const drafts = new Map(get().drafts)
    drafts.delete(casePk)
    const setAsideEdits = new Map(get().setAsideEdits)
    setAsideEdits.delete(casePk)
    set({ drafts, setAsideEdits, droppedEdits: withoutCase(get().droppedEdits, casePk) })
  },

  dropEdits(casePk) {
    if (get().deciding) return get().showError(STILL_DECIDING)
    const dropped = droppedFrom(get(), casePk)
    if (!dropped) {
      const departed = get().cases.get(casePk)?.state !== 'pending'
      return get().showError(departed ? 'This case has left your queue: nothing of it can be decided, so its edits stay as they are.' : 'This case holds no edits to drop: the proposal is as sent.')
    }
    set(dropped)
    // Its keys, or, when the reviewer's own keys took its default, the palette's way to it.
    const again = commandKeys(get().keymap, 'editor.dropEdits') || 'The palette’s “Drop your edits”'
    get().showNotice(`Your edits are dropped: the proposal is as sent, and a decision takes it so. ${again} brings them back, until you edit it again or reload.`, casePk)
  },

  bringBackEdits(casePk) {
    if (get().deciding) return get().showError(STILL_DECIDING)
    const back = broughtBack(get(), casePk)
    if (typeof back === 'string') return get().showError(back)
    set(back)
    get().showNotice('Your edits are back: check them before you decide.', casePk)
  }
})
