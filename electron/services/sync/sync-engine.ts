import type { PublicKeyEntry } from '../../../shared/audit/audit-log'
import type { BackendConfig } from '../../../shared/backends/backend-config'
import type { AppEvent } from '../../../shared/ipc/events'
import { AppError } from '../../../shared/ipc/errors'
import { canonicalJson } from '../../../shared/canonical-json'
import type { BackendStatus } from '../../../shared/ipc/views'
import { BackendError, type BackendAdapter } from '../backends/backend-adapter'
import type { Repositories } from '../db/repositories'
import type { Logger } from '../logging/logger'
import { BackendSync, type BackendSyncDeps } from './backend-sync'
import { CaseIngest } from './case-ingest'
import { CasePrepPool } from './case-prep/case-prep-pool'
import { ReviewerActivity } from './reviewer-activity'

export interface SyncEngineOptions {
  repositories: Pick<Repositories, 'cases' | 'holds' | 'cursors' | 'outbox' | 'quarantine' | 'registrations' | 'rerouteTargets' | 'inTransaction' | 'inRefetchableTransaction'>
  /** The reviewer's public keys, registered with each backend before decisions signed by them go. */
  keys: { publicKeys(): PublicKeyEntry[] }
  logger: Logger
  /** The adapter for a backend; `casePrep` is the engine's workers for preparing pages of cases (background work, pausing for the reviewer's keys). */
  createAdapter(config: BackendConfig, casePrep: CasePrepPool): BackendAdapter
  emit(event: AppEvent): void
  now?: () => number
  /** Decisions per push request. */
  pushBatchSize?: number
}

/** The shortest time between two status events to the UI. */
const STATUS_INTERVAL_MS = 250

/**
 * Keeps every configured backend in sync in the background: pulls on start, on an interval and
 * on demand; pushes the outbox as decisions arrive, retrying with backoff until each has an
 * answer. Nothing here blocks the review screen.
 */
export class SyncEngine {
  /** The reviewer's keystrokes, which ingest and delivery give way to (the renderer reports them). */
  readonly activity = new ReviewerActivity()
  /** Worker threads that prepare pulled pages; they pause between cases for the reviewer's keys like ingest does. */
  private readonly casePrep = new CasePrepPool({ activity: this.activity })
  private readonly deps: BackendSyncDeps
  private readonly backends = new Map<string, BackendSync>()
  private statusTimer: ReturnType<typeof setTimeout> | undefined
  /** A status event is waiting for its interval or its turn. */
  private statusPending = false
  private statusSentAt = -Infinity
  private stopped = false

  constructor(private readonly options: SyncEngineOptions) {
    const { repositories } = options
    this.deps = {
      inTransaction: repositories.inTransaction,
      inRefetchableTransaction: repositories.inRefetchableTransaction,
      logger: options.logger,
      ingest: new CaseIngest(repositories),
      cases: repositories.cases,
      cursors: repositories.cursors,
      outbox: repositories.outbox,
      quarantine: repositories.quarantine,
      registrations: repositories.registrations,
      rerouteTargets: repositories.rerouteTargets,
      keys: options.keys,
      activity: this.activity,
      now: options.now ?? Date.now,
      // The protocol's largest batch: fewer round trips when a backlog drains after days offline.
      pushBatchSize: options.pushBatchSize ?? 500,
      emit: (event) => options.emit(event),
      statusChanged: () => this.emitStatus()
    }
  }

  /** Starts (or restarts) syncing exactly these backends. */
  configure(configs: readonly BackendConfig[]): void {
    for (const [id, backend] of this.backends) {
      const next = configs.find((config) => config.id === id)
      // Compared as canonical JSON (RFC 8785): the same settings in another key order are no change.
      if (!next || canonicalJson(next) !== canonicalJson(backend.config)) {
        backend.stop()
        this.backends.delete(id)
      }
    }
    for (const config of configs) {
      if (this.backends.has(config.id)) continue
      const backend = new BackendSync(config, this.options.createAdapter(config, this.casePrep), this.deps)
      this.backends.set(config.id, backend)
      void backend.sync()
    }
    this.emitStatus()
  }

  /**
   * Pulls and pushes now: every backend, or one. Resolves when done (errors land in the status);
   * a backend id that is not configured is refused as `not-found`.
   */
  async syncNow(backendId?: string): Promise<void> {
    if (backendId !== undefined && !this.backends.has(backendId)) throw new AppError('not-found', `There is no backend "${backendId}".`)
    const targets = [...this.backends.values()].filter((backend) => backendId === undefined || backend.config.id === backendId)
    await Promise.all(targets.map((backend) => backend.sync(true)))
  }

  /** A decision was just recorded for this workspace: send it without waiting for the timer. */
  decisionRecorded(workspaceId: string): void {
    void this.backends.get(workspaceId)?.push()
  }

  /** Asks a backend for one of its open cases by id (to take it over). */
  async lookUpCase(backendId: string, caseId: string): Promise<{ case: unknown; assignee: string }> {
    const backend = this.backends.get(backendId)
    if (!backend) throw new AppError('not-found', `There is no backend "${backendId}".`)
    const lookup = backend.lookUpCase(caseId)
    if (!lookup) throw new BackendError('config', `“${backendId}” is not a backend that cases can be taken over from.`)
    return lookup
  }

  isSending(decisionId: string): boolean {
    return [...this.backends.values()].some((backend) => backend.sending.has(decisionId))
  }

  status(): BackendStatus[] {
    return [...this.backends.values()].map((backend) => backend.status)
  }

  /**
   * Tells the UI the backends' state, at most every STATUS_INTERVAL_MS and on a turn of the
   * reviewer's activity (re-rendering the status bar is work in the renderer, so it waits for a
   * pause between keys, like ingest): a pull updates its counts page by page. The last state is
   * always sent, once the interval has passed and its turn has come.
   */
  private emitStatus(): void {
    if (this.statusPending) return
    this.statusPending = true
    const wait = STATUS_INTERVAL_MS - (performance.now() - this.statusSentAt)
    this.statusTimer = setTimeout(() => {
      void this.activity.turn().then(() => {
        this.statusPending = false
        if (this.stopped) return
        this.statusSentAt = performance.now()
        this.options.emit({ type: 'sync-status', backends: this.status() })
      })
    }, Math.max(0, wait))
    this.statusTimer.unref?.()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.statusTimer)
    for (const backend of this.backends.values()) backend.stop()
    this.backends.clear()
    void this.casePrep.close()
  }
}
