import type { AppServices } from '../../services/app-services'
import type { IpcHandlers } from './dispatch'

type InsightMethods = 'getInsights' | 'getQueueStats' | 'getSlaLeadMinutes' | 'setSlaLeadMinutes' | 'exportCsv'

export function insightHandlers({ insights, sla, exports }: AppServices): Pick<IpcHandlers, InsightMethods> {
  return {
    getInsights: ({ autonomyThreshold }) => insights.report(autonomyThreshold),
    getQueueStats: () => insights.queueStats(),
    getSlaLeadMinutes: () => sla.leadMinutes(),
    setSlaLeadMinutes: (minutes) => sla.setLeadMinutes(minutes),
    exportCsv: (name, csv) => exports.exportCsv(name, csv)
  }
}
