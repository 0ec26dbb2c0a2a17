import type { AppEvent } from '../../../shared/ipc/events'
import { runChosenCommand } from '../commands/command-table'
import type { AppState } from '../store'

/**
 * Hands each event the main side pushes (`AppEvent`, shared/ipc/events.ts) to the slice that owns
 * what it changes. The shell routes events, not a slice, so no slice writes another's state and the
 * store never depends on the command table (a menu's `run-command` runs as the palette runs it).
 */
export function routeAppEvent(event: AppEvent, state: AppState): void {
  switch (event.type) {
    case 'sync-status':
      return state.setBackendStatus(event.backends)
    case 'decisions-settled':
      return state.settleDecisions(event.delivered, event.undelivered)
    case 'cases-changed':
      return state.casesChanged(event.casePks)
    case 'reroute-targets-changed':
      return state.rerouteTargetsChanged(event.workspaceId, event.rerouteTargets)
    case 'sla-warning':
      return state.addSlaWarnings(event.warnings)
    case 'holds-changed':
      return void state.loadHolds()
    case 'checkout-ending':
      return state.setCheckoutEnding({ count: event.count, endsAt: event.endsAt })
    case 'screen-reader':
      return state.setScreenReader(event.active)
    case 'run-command':
      return runChosenCommand(state, event.id)
  }
}
