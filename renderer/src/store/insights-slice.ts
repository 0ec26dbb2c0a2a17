import type { SlaWarning } from '../../../shared/ipc/events'
import type { InsightsReport, QueueStats } from '../../../shared/ipc/insight-views'
import { bridge, errorMessage } from '../api/bridge'
import type { SliceCreator } from './slice'

export interface InsightsSlice {
  insights: InsightsReport | null
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

export const createInsightsSlice: SliceCreator<InsightsSlice> = (set, get) => ({
  insights: null,
  autonomyThreshold: 50,
  chartsAsTables: new Set(),
  queueStats: null,
  slaWarnings: [],
  slaLeadMinutes: 30,

  async loadInsights() {
    set({ insights: await bridge.getInsights({ autonomyThreshold: get().autonomyThreshold }) })
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

  async exportCsv(name, csv) {
    try {
      const result = await bridge.exportCsv(name, csv)
      if (result) get().showNotice(`Exported ${name} to ${result.file}`)
    } catch (error) {
      get().showError(`Export failed: ${errorMessage(error)}`)
    }
  },

  async loadQueueStats() {
    set({ queueStats: await bridge.getQueueStats() })
  },

  addSlaWarnings(warnings) {
    set({ slaWarnings: [...get().slaWarnings, ...warnings] })
  },

  dismissSlaWarnings() {
    set({ slaWarnings: [] })
  },

  async loadSlaLead() {
    set({ slaLeadMinutes: await bridge.getSlaLeadMinutes() })
  },

  async setSlaLead(minutes) {
    try {
      set({ slaLeadMinutes: await bridge.setSlaLeadMinutes(minutes) })
      get().showNotice(`You will be warned ${minutes} minutes before a case is due.`)
    } catch (error) {
      get().showError(errorMessage(error))
    }
  }
})
