import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'
import { createAuditSlice, type AuditSlice } from './audit-slice'
import { createCaseSlice, type CaseSlice } from './case-slice'
import { createClaimsSlice, type ClaimsSlice } from './claims-slice'
import { createInsightsSlice, type InsightsSlice } from './insights-slice'
import { createDecisionSlice, type DecisionSlice } from './decision-slice'
import { createQueueSlice, type QueueSlice } from './queue-slice'
import { createStatusSlice, type StatusSlice } from './status-slice'
import { createSyncSlice, type SyncSlice } from './sync-slice'

export type AppState = AppSlice & QueueSlice & CaseSlice & DecisionSlice & SyncSlice & AuditSlice & InsightsSlice & ClaimsSlice & StatusSlice

/** One bound store composed of slices (the zustand docs' pattern); subscribe with narrow selectors. */
export const useAppStore = create<AppState>()((set, get) => ({
  ...createAppSlice(set, get),
  ...createQueueSlice(set, get),
  ...createCaseSlice(set, get),
  ...createDecisionSlice(set, get),
  ...createSyncSlice(set, get),
  ...createAuditSlice(set, get),
  ...createInsightsSlice(set, get),
  ...createClaimsSlice(set, get),
  ...createStatusSlice(set, get)
}))
