import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'
import { createAuditSlice, type AuditSlice } from './audit-slice'
import { createCaseSlice, type CaseSlice } from './case-slice'
import { createClaimsSlice, type ClaimsSlice } from './claims-slice'
import { createInsightsSlice, type InsightsSlice } from './insights-slice'
import { createDecisionSlice, type DecisionSlice } from './decision-slice'
import { createQueueSlice, type QueueSlice } from './queue-slice'
import { createSyncSlice, type SyncSlice } from './sync-slice'

export type AppState = AppSlice & QueueSlice & CaseSlice & DecisionSlice & SyncSlice & AuditSlice & InsightsSlice & ClaimsSlice

/** One bound store composed of slices (the zustand docs' pattern); subscribe with narrow selectors. */
export const useAppStore = create<AppState>()((...args) => ({
  ...createAppSlice(...args),
  ...createQueueSlice(...args),
  ...createCaseSlice(...args),
  ...createDecisionSlice(...args),
  ...createSyncSlice(...args),
  ...createAuditSlice(...args),
  ...createInsightsSlice(...args),
  ...createClaimsSlice(...args)
}))

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
