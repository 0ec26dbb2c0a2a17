import type { HoldView } from '../../../shared/ipc/claim-views'
import type { AppState } from './index'

// Reads of the store's state that more than one place needs: pure functions of the state, kept
// apart from the slices so slices, commands and components all read them the same way.

/** The selected queue row's case, once loaded. */
export function selectOpenCase(state: AppState) {
  const row = state.rows[state.selectedIndex]
  return row ? state.cases.get(row.casePk) : undefined
}

/** The case after the selected one, if already loaded: the one to prepare for next. */
export function selectUpcomingCase(state: AppState) {
  const row = state.rows[state.selectedIndex + 1]
  return row ? state.cases.get(row.casePk) : undefined
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
