import type { AppServices } from '../../services/app-services'
import type { IpcHandlers } from './dispatch'
import { auditHandlers } from './audit-handlers'
import { claimHandlers } from './claim-handlers'
import { insightHandlers } from './insight-handlers'
import { reviewHandlers } from './review-handlers'
import { syncHandlers } from './sync-handlers'

/** Every channel's handler, one domain file each. */
export function allIpcHandlers(services: AppServices): IpcHandlers {
  return {
    ...reviewHandlers(services),
    ...syncHandlers(services),
    ...auditHandlers(services),
    ...insightHandlers(services),
    ...claimHandlers(services)
  }
}
