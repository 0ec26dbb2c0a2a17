import type { HoldView } from '../../../shared/ipc/claim-views'
import type { CaseDetail } from '../../../shared/ipc/views'
import type { AppState } from './index'

// Reads of the store's state that more than one place needs: pure functions of the state, kept
// apart from the slices so slices, commands and components all read them the same way.

/** The case on screen: a departed one held there (`departedCase`), else the selected row's, once loaded. */
export function selectOpenCase(state: AppState) {
  if (state.departedCase !== null) return state.cases.get(state.departedCase)
  const row = state.rows[state.selectedIndex]
  return row ? state.cases.get(row.casePk) : undefined
}

/** Whether the queue shows only some pending cases: a text filter, or a view that narrows (a sort alone does not). */
export function selectQueueNarrowed(state: AppState): boolean {
  return state.filter !== '' || Object.entries(state.queueView).some(([key, value]) => key !== 'sort' && value !== undefined)
}

/** How many cases after the selected one the queue slice loads ahead, so `j` finds them in memory. */
export const PREFETCH_AHEAD = 4

/**
 * The first case after the selected one that `wanted` accepts, among the next PREFETCH_AHEAD
 * whose details are loaded: the one a view prepares for next. A view shown only for some kinds
 * (the diff editor) prepares the next case it will show, past cases with views of their own. The
 * search stops at a case not loaded yet, which might be the one wanted.
 */
export function selectUpcomingCase(state: AppState, wanted: (detail: CaseDetail) => boolean = () => true): CaseDetail | undefined {
  for (let offset = 1; offset <= PREFETCH_AHEAD; offset++) {
    const row = state.rows[state.selectedIndex + offset]
    const detail = row ? state.cases.get(row.casePk) : undefined
    if (!detail || wanted(detail)) return detail
  }
  return undefined
}

/** A claim by someone else that has not ended: `j`/`k` pass such cases by. */
export function heldByColleague(hold: HoldView | undefined, now = Date.now()): boolean {
  return hold !== undefined && !hold.mine && Date.parse(hold.expiresAt) > now
}

const NO_PROBLEMS: string[] = []

/** The problem banners to show: the workspace's problems the reviewer has not hidden this session. */
export function visibleProblems(state: AppState): string[] {
  const problems = state.summary?.problems ?? NO_PROBLEMS
  return problems.some((problem) => state.hiddenProblems.has(problem)) ? problems.filter((problem) => !state.hiddenProblems.has(problem)) : problems
}

/**
 * The SLA warnings to show: those about cases in a workspace still shown (the demo's go when a
 * backend replaces it) and, once the queue header is loaded, still pending in the queue
 * (`QueueStats.warnedPending`: not decided here or elsewhere, withdrawn or reassigned since; back
 * after an undo). A new array at each call: select the three fields, then call it.
 */
export function shownSlaWarnings({ slaWarnings, summary, queueStats }: Pick<AppState, 'slaWarnings' | 'summary' | 'queueStats'>): AppState['slaWarnings'] {
  const pending = queueStats ? new Set(queueStats.warnedPending) : null
  return slaWarnings.filter((warning) => summary?.workspaces.some((workspace) => workspace.id === warning.workspaceId) && (pending?.has(warning.casePk) ?? true))
}
