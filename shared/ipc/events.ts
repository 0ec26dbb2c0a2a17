import type { RerouteTargets } from '../domain/reroute-target'
import type { BackendStatus } from './views'

/** A case the reviewer owns is about to breach its SLA. */
export interface SlaWarning {
  casePk: number
  /** The case's workspace: a warning is shown only while its workspace is (the demo's goes when a backend replaces it). */
  workspaceId: string
  title: string
  dueAt: string
}

/** What the main side tells the renderer without being asked, on APP_EVENT_CHANNEL. */
export type AppEvent =
  | { type: 'sync-status'; backends: BackendStatus[] }
  /** Cases added, revised, withdrawn or reassigned by a sync. */
  | { type: 'cases-changed'; casePks: number[] }
  /** A sync brought the workspace's reroute targets and they differ from those cached: cases shown from it list these now. */
  | { type: 'reroute-targets-changed'; workspaceId: string; rerouteTargets: RerouteTargets }
  /** Backends answered for these decisions. */
  | { type: 'decisions-settled'; delivered: string[]; undelivered: string[] }
  /** Cases about to breach their SLA (each is warned about once). */
  | { type: 'sla-warning'; warnings: SlaWarning[] }
  /** Claims on cases changed (this reviewer's or a colleague's): the queue and case view re-read them. */
  | { type: 'holds-changed' }
  /** `count` checked-out cases, still undecided, stop being held at `endsAt` (ISO 8601). */
  | { type: 'checkout-ending'; count: number; endsAt: string }
  /**
   * Whether the OS says assistive technology such as a screen reader is running (Electron's
   * `app.accessibilitySupportEnabled`), sent when the window loads and whenever it changes. The
   * web host cannot ask the OS and never sends it.
   */
  | { type: 'screen-reader'; active: boolean }
  /** A menu item was chosen: run the command with this id. */
  | { type: 'run-command'; id: string }
