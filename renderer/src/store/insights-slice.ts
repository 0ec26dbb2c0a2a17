import type { SlaWarning } from '../../../shared/ipc/events'
import type { InsightsReport, QueueStats } from '../../../shared/ipc/insight-views'
import { bridge } from '../api/bridge'
import { failureText, showingFailure } from './status-slice'
import type { SliceCreator } from './slice'

export interface InsightsSlice {
  insights: InsightsReport | null
  /** Why the last load of the insights failed (`doing: why`, as the status bar says it); null once one succeeds. */
  insightsFailure: string | null
  autonomyThreshold: number
  /** Charts shown as tables, by chart id. */
  chartsAsTables: Set<string>
  queueStats: QueueStats | null
  slaWarnings: SlaWarning[]
  slaLeadMinutes: number
  loadInsights(): Promise<void>
  setAutonomyThreshold(threshold: number): Promise<void>
  toggleChartTable(chartId: string): void
  exportCsv(name: string, csv: string): Promise<void>
  loadQueueStats(): Promise<void>
  addSlaWarnings(warnings: SlaWarning[]): void
  dismissSlaWarnings(): void
  loadSlaLead(): Promise<void>
  setSlaLead(minutes: number): Promise<void>
}

/** Queue header loads asked for so far: only the latest one's answer is kept. */
let queueStatsRequests = 0

export const createInsightsSlice: SliceCreator<InsightsSlice> = (set, get) => ({
  insights: null,
  insightsFailure: null,
  autonomyThreshold: 50,
  chartsAsTables: new Set(),
  queueStats: null,
  slaWarnings: [],
  slaLeadMinutes: 30,

  async loadInsights() {
    const doing = 'Could not load the insights'
    try {
      set({ insights: await bridge.getInsights({ autonomyThreshold: get().autonomyThreshold }), insightsFailure: null })
    } catch (error) {
      get().showFailure(doing, error)
      set({ insightsFailure: failureText(doing, error) })
    }
  },

  async setAutonomyThreshold(autonomyThreshold) {
    set({ autonomyThreshold })
    await get().loadInsights()
  },

  toggleChartTable(chartId) {
    const chartsAsTables = new Set(get().chartsAsTables)
    if (!chartsAsTables.delete(chartId)) chartsAsTables.add(chartId)
    set({ chartsAsTables })
  },

  exportCsv(name, csv) {
    return showingFailure(get, 'Export failed', async () => {
      const result = await bridge.exportCsv(name, csv)
      if (result) get().showNotice(`Exported ${name} to ${result.file}`)
    })
  },

  loadQueueStats() {
    const request = ++queueStatsRequests
    return showingFailure(get, 'Could not load the queue header', async () => {
      const queueStats = await bridge.getQueueStats()
      // Answers may come back out of order: an older one would hide warnings a newer one lists.
      if (request === queueStatsRequests) set({ queueStats })
    })
  },

  addSlaWarnings(warnings) {
    set({ slaWarnings: [...get().slaWarnings, ...warnings] })
    // The banner shows the warned cases the queue header lists as pending: that list now has these.
    void get().loadQueueStats()
  },

  dismissSlaWarnings() {
    set({ slaWarnings: [] })
  },

  loadSlaLead() {
    return showingFailure(get, 'Could not load the SLA warning time', async () => set({ slaLeadMinutes: await bridge.getSlaLeadMinutes() }))
  },

  setSlaLead(minutes) {
    return showingFailure(get, 'SLA warning time not changed', async () => {
      set({ slaLeadMinutes: await bridge.setSlaLeadMinutes(minutes) })
      get().showNotice(`You will be warned ${minutes} minutes before a case is due.`)
    })
  }
})
