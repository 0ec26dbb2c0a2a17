import type { BackendStatus } from './views'

/** What the main side tells the renderer without being asked, on APP_EVENT_CHANNEL. */
export type AppEvent =
  | { type: 'sync-status'; backends: BackendStatus[] }
  /** Cases added, revised, withdrawn or reassigned by a sync. */
  | { type: 'cases-changed'; casePks: number[] }
  /** Backends answered for these decisions. */
  | { type: 'decisions-settled'; delivered: string[]; undelivered: string[] }
  /** A menu item was chosen: run the command with this id. */
  | { type: 'run-command'; id: string }
