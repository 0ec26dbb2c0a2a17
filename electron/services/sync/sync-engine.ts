import type { PublicKeyEntry } from '../../../shared/audit/audit-log'
import type { BackendConfig } from '../../../shared/backends/backend-config'
import type { AppEvent } from '../../../shared/ipc/events'
import type { BackendStatus } from '../../../shared/ipc/views'
import type { CaseChange, PushItemResult } from '../../../shared/review-api/protocol'
import { BackendError, ProtocolFaultError, type AdapterPushResult, type BackendAdapter } from '../backends/backend-adapter'
import type { Db } from '../db/connection'
import { CasesRepository } from '../db/repositories/cases-repository'
import { OutboxRepository } from '../db/repositories/outbox-repository'
import { RerouteTargetsRepository } from '../db/repositories/reroute-targets-repository'
import { CursorsRepository, KeyRegistrationsRepository, QuarantineRepository } from '../db/repositories/sync-repositories'
import type { Logger } from '../logging/logger'
import { CaseIngest } from './case-ingest'
import { backoffCeilingMs, flooredRetryDelayMs, retryDelayMs } from './backoff'
import { PassProgress } from './pass-progress'
import { matchPushAnswers } from './push-answers'
import { ReviewerActivity } from './reviewer-activity'

export interface SyncEngineOptions {
  db: Db
  /** The reviewer's public keys, registered with each backend before decisions signed by them go. */
  keys: { publicKeys(): PublicKeyEntry[] }
  logger: Logger
  createAdapter(config: BackendConfig): BackendAdapter
  emit(event: AppEvent): void
  now?: () => number
  /** Decisions per push request. */
  pushBatchSize?: number
}

/**
 * Push answers in a row that did not match what was sent before sending stops until the reviewer
 * syncs by hand: a backend that answers wrongly is not sent the same batch for ever.
 */
const MAX_MISMATCHED_PUSHES = 5

/** The shortest time between two status events to the UI. */
const STATUS_INTERVAL_MS = 250

/** Changes applied per transaction: small enough that no transaction holds the event loop for long. */
const INGEST_CHUNK = 100

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size))
  return chunks
}

/** The id of the case a change is about. */
function changedCaseId(change: CaseChange): string {
  if (change.type !== 'case') return change.caseId
  const id = (change.case as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : ''
}

interface SyncParts {
  db: Db
  logger: Logger
  ingest: CaseIngest
  cases: CasesRepository
  cursors: CursorsRepository
  outbox: OutboxRepository
  quarantine: QuarantineRepository
  registrations: KeyRegistrationsRepository
  rerouteTargets: RerouteTargetsRepository
}

/** Pulls and pushes for one backend; at most one pull and one push run at a time. */
class BackendSync {
  status: BackendStatus
  /** Decisions in the push request under way: past the point where they could be undone. */
  readonly sending = new Set<string>()
  private pulling: Promise<void> | null = null
  private pushing: Promise<void> | null = null
  private pullTimer: ReturnType<typeof setTimeout> | undefined
  private pushTimer: ReturnType<typeof setTimeout> | undefined
  private failedPulls = 0
  /** Push answers in a row that did not match the decisions sent, and until when pushing waits because of them. */
  private mismatchedPushes = 0
  private pushHeldUntil = 0
  private pushFault: string | null = null
  private readonly abort = new AbortController()
  private stopped = false

  constructor(
    readonly config: BackendConfig,
    private readonly adapter: BackendAdapter,
    private readonly engine: SyncEngine
  ) {
    this.status = {
      id: config.id,
      name: config.name,
      kind: config.kind,
      state: 'idle',
      lastSyncAt: null,
      lastError: null,
      fault: null,
      pendingPushes: 0,
      undelivered: 0,
      quarantined: 0,
      received: 0
    }
  }

  lookUpCase(caseId: string): Promise<{ case: unknown; assignee: string }> | null {
    return this.adapter.lookUpCase(caseId, this.abort.signal)
  }

  /**
   * Pull now (or join the pull under way), then push what is waiting. `byHand` (the reviewer asked)
   * also lifts a hold on pushing that a backend's mismatched answers caused.
   */
  sync(byHand = false): Promise<void> {
    if (byHand && this.pushHeldUntil > this.engine.now()) this.pushHeldUntil = 0
    this.pulling ??= this.pullAll().finally(() => {
      this.pulling = null
      this.schedulePull()
    })
    return this.pulling.then(() => this.push())
  }

  /** Push what is due now (or join the push under way). */
  push(): Promise<void> {
    this.pushing ??= this.pushAllDue().finally(() => {
      this.pushing = null
      this.schedulePush()
    })
    return this.pushing
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.pullTimer)
    clearTimeout(this.pushTimer)
    this.abort.abort()
  }

  private async pullAll(): Promise<void> {
    const { cursors, outbox, quarantine, logger } = this.engine.parts
    this.update({ state: 'syncing', received: 0 })
    // A backend that lists every open case on each pass starts each pass from the beginning.
    const listsAll = this.adapter.reconcile !== undefined
    const listed = new Set<string>()
    const progress = new PassProgress(this.config.name)
    try {
      let hasMore = true
      let cursor = listsAll ? null : cursors.get(this.config.id)
      while (hasMore && !this.stopped) {
        const page = await this.adapter.pull(cursor, this.abort.signal)
        await this.applyChanges(page.changes, page.nextCursor)
        if (listsAll) for (const change of page.changes) listed.add(changedCaseId(change))
        this.update({ received: this.status.received + page.changes.length })
        // After the page's changes (valid data) are in: a page that makes no progress ends the pass.
        const ids = page.changes.map(changedCaseId)
        progress.check(cursor, page, listsAll ? ids : undefined, listsAll ? undefined : ids)
        hasMore = page.hasMore
        cursor = page.nextCursor
      }
      if (listsAll && !this.stopped) await this.reconcile(listed)
      if (!this.stopped) await this.refreshRerouteTargets()
      this.failedPulls = 0
      await this.registerKeys(this.engine.options.keys.publicKeys().filter((key) => key.retiredAt === null).map((key) => key.kid))
      // The backend answered: whatever was waiting for it can go now.
      outbox.retryAllNow(this.config.id)
      const held = this.pushFault
      this.update({ state: held ? 'error' : 'idle', lastSyncAt: new Date(this.engine.now()).toISOString(), lastError: held, fault: held ? 'mismatched-answer' : null, quarantined: quarantine.count(this.config.id) })
      logger.info(`${this.config.id}: pulled ${this.status.received} changes`)
    } catch (error) {
      if (this.stopped) return
      this.failedPulls += 1
      const message = (error as Error).message
      const offline = error instanceof BackendError && (error.kind === 'offline' || error.kind === 'timeout')
      const fault = error instanceof ProtocolFaultError ? error.fault : null
      this.update({ state: offline ? 'offline' : 'error', lastError: message, fault, quarantined: quarantine.count(this.config.id) })
      logger.warn(`${this.config.id}: pull failed: ${message}`)
    }
  }

  /** After a complete pass: the backend's reroute targets, cached; a failure keeps the cached list and only logs. */
  private async refreshRerouteTargets(): Promise<void> {
    const { rerouteTargets, logger } = this.engine.parts
    try {
      const targets = await this.adapter.rerouteTargets(this.abort.signal)
      if (targets) rerouteTargets.save(this.config.id, targets, this.engine.now())
    } catch (error) {
      if (!this.stopped) logger.warn(`${this.config.id}: reroute targets not refreshed: ${(error as Error).message}`)
    }
  }

  /** After a complete pass: the cached pending cases it did not list, the adapter confirms gone. */
  private async reconcile(listed: ReadonlySet<string>): Promise<void> {
    const unlisted = this.engine.parts.cases.pendingIds(this.config.id).filter((caseId) => !listed.has(caseId))
    if (unlisted.length === 0) return
    const changes = await this.adapter.reconcile!(unlisted, this.abort.signal)
    await this.applyChanges(changes, null)
  }

  /**
   * Applies a page's changes in small transactions with the event loop yielded between them, so
   * the review screen's requests never wait behind a large page, and each one held back while the
   * reviewer is pressing keys, so their frames never share the cores with ingest. The cursor (if
   * any: reconciling has none) moves with the last chunk; a crash before it only means the page's
   * first chunks are applied again, which changes nothing.
   */
  private async applyChanges(changes: readonly CaseChange[], nextCursor: string | null): Promise<void> {
    const { db, cursors, ingest, logger } = this.engine.parts
    const receivedAt = new Date(this.engine.now()).toISOString()
    const chunks = changes.length === 0 ? [[]] : chunked(changes, INGEST_CHUNK)
    const changedCasePks: number[] = []
    let leases = 0
    for (const [index, chunk] of chunks.entries()) {
      await this.engine.activity.quiet()
      const report = db.transaction(() => {
        const applied = ingest.apply(this.config.id, chunk, receivedAt)
        if (index === chunks.length - 1 && nextCursor !== null) cursors.set(this.config.id, nextCursor, receivedAt)
        return applied
      })()
      for (const rejection of report.rejected) logger.warn(`${this.config.id}: quarantined ${rejection.message}`)
      changedCasePks.push(...report.changedCasePks)
      leases += report.leases
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (changedCasePks.length > 0) this.engine.emit({ type: 'cases-changed', casePks: changedCasePks })
    if (leases > 0) this.engine.emit({ type: 'holds-changed' })
  }

  private async pushAllDue(): Promise<void> {
    const { outbox, logger } = this.engine.parts
    while (!this.stopped && this.engine.now() >= this.pushHeldUntil) {
      const batch = outbox.due(this.config.id, this.engine.now(), this.engine.pushBatchSize)
      if (batch.length === 0) break
      let results: AdapterPushResult[] | null
      try {
        await this.registerKeys(batch.map((item) => String(item.envelope.record['keyId'])))
        for (const item of batch) this.sending.add(item.decisionId)
        results = await this.adapter.push(
          batch.map((item) => item.envelope),
          this.abort.signal
        )
      } catch (error) {
        if (this.stopped) return
        const message = (error as Error).message
        const now = this.engine.now()
        const at = new Date(now).toISOString()
        this.engine.parts.db.transaction(() => {
          for (const item of batch) outbox.retryLater(item.decisionId, now + retryDelayMs(item.attempts), message, at)
        })()
        const offline = error instanceof BackendError && (error.kind === 'offline' || error.kind === 'timeout')
        this.update({ state: offline ? 'offline' : 'error', lastError: message })
        logger.warn(`${this.config.id}: push of ${batch.length} failed, will retry: ${message}`)
        break
      } finally {
        this.sending.clear()
      }
      if (results === null) break
      // Matched by decision id: a result answers a decision only if it is the one result for it.
      const matched = matchPushAnswers(this.config.name, batch.map((item) => item.envelope), results)
      const answered = [...matched.results.values()]
      const settled = answered.filter((result): result is PushItemResult => result.status !== 'retry')
      const busy = answered.filter((result) => result.status === 'retry')
      const unanswered = batch.filter((item) => !matched.results.has(item.decisionId))
      const now = this.engine.now()
      const at = new Date(now).toISOString()
      const attempts = new Map(batch.map((item) => [item.decisionId, item.attempts]))
      this.engine.parts.db.transaction(() => {
        settled.forEach((result) => outbox.settle(result, at))
        for (const result of busy) outbox.retryLater(result.decisionId, now + retryDelayMs(attempts.get(result.decisionId) ?? 0), result.detail, at)
        for (const item of unanswered) outbox.retryLater(item.decisionId, now + retryDelayMs(item.attempts), matched.mismatch ?? 'No answer.', at)
      })()
      this.notePushAnswer(matched.mismatch, now)
      for (const result of busy) logger.info(`${this.config.id}: decision ${result.decisionId} will be sent again: ${result.detail}`)
      const delivered = settled.filter((r) => r.status === 'accepted' || r.status === 'duplicate').map((r) => r.decisionId)
      const undelivered = settled.filter((r) => r.status === 'conflict' || r.status === 'rejected').map((r) => r.decisionId)
      for (const result of settled) {
        if (result.status === 'conflict') logger.warn(`${this.config.id}: decision ${result.decisionId} not applied: ${result.reason}`)
        if (result.status === 'rejected') logger.warn(`${this.config.id}: decision ${result.decisionId} rejected: ${result.code}`)
      }
      this.engine.emit({ type: 'decisions-settled', delivered, undelivered })
      this.update({})
      // What is left of this batch waits for its retry time; the loop would only fetch it again.
      if (busy.length > 0 || unanswered.length > 0) break
    }
  }

  /**
   * Keeps pushing bounded when a backend's answers do not match what was sent: each such answer in
   * a row holds pushing for longer (1 s, 2 s, 4 s…), and after MAX_MISMATCHED_PUSHES until the
   * reviewer syncs by hand. The fault stays in the status until an answer matches.
   */
  private notePushAnswer(mismatch: string | null, now: number): void {
    if (mismatch === null) {
      if (this.pushFault !== null) this.update({ lastError: null, fault: null, state: 'idle' })
      this.mismatchedPushes = 0
      this.pushFault = null
      return
    }
    this.mismatchedPushes += 1
    const stopped = this.mismatchedPushes >= MAX_MISMATCHED_PUSHES
    this.pushHeldUntil = stopped ? Infinity : now + backoffCeilingMs(this.mismatchedPushes - 1)
    this.pushFault = `${mismatch} ${stopped ? `After ${this.mismatchedPushes} such answers, decisions wait until you sync by hand.` : 'The decisions it did not answer will be sent again later.'}`
    this.update({ state: 'error', lastError: this.pushFault, fault: 'mismatched-answer' })
    this.engine.parts.logger.warn(`${this.config.id}: ${this.pushFault}`)
  }

  /** Registers with this backend any of these keys it has not been given yet. */
  private async registerKeys(kids: readonly string[]): Promise<void> {
    const { registrations } = this.engine.parts
    for (const kid of new Set(kids)) {
      if (registrations.has(this.config.id, kid)) continue
      const key = this.engine.options.keys.publicKeys().find((candidate) => candidate.kid === kid)
      if (!key) continue
      const registering = this.adapter.registerKey(key, this.abort.signal)
      if (registering === null) return
      await registering
      registrations.add(this.config.id, kid, new Date(this.engine.now()).toISOString())
      this.engine.parts.logger.info(`${this.config.id}: registered signing key ${kid}`)
    }
  }

  private schedulePull(): void {
    if (this.stopped) return
    clearTimeout(this.pullTimer)
    const interval = this.config.syncIntervalSeconds * 1000
    const delay = this.failedPulls > 0 ? Math.min(interval, flooredRetryDelayMs(this.failedPulls - 1)) : interval
    this.pullTimer = setTimeout(() => void this.sync(), delay)
    this.pullTimer.unref?.()
  }

  private schedulePush(): void {
    if (this.stopped) return
    clearTimeout(this.pushTimer)
    const due = this.engine.parts.outbox.nextDueAt(this.config.id)
    this.update({})
    if (due === null || this.pushHeldUntil === Infinity) return
    const next = Math.max(due, this.pushHeldUntil)
    this.pushTimer = setTimeout(() => void this.push(), Math.max(0, next - this.engine.now()))
    this.pushTimer.unref?.()
  }

  /** Refreshes counts from the database, applies `changes`, and tells the UI. */
  private update(changes: Partial<BackendStatus>): void {
    const counts = this.engine.parts.outbox.counts(this.config.id)
    this.status = { ...this.status, ...changes, pendingPushes: counts.pending, undelivered: counts.undelivered }
    this.engine.emitStatus()
  }
}

/**
 * Keeps every configured backend in sync in the background: pulls on start, on an interval and
 * on demand; pushes the outbox as decisions arrive, retrying with backoff until each has an
 * answer. Nothing here blocks the review screen.
 */
export class SyncEngine {
  readonly parts: SyncParts
  readonly now: () => number
  readonly pushBatchSize: number
  /** The reviewer's keystrokes, which ingest gives way to (the renderer reports them). */
  readonly activity = new ReviewerActivity()
  private readonly backends = new Map<string, BackendSync>()
  private statusTimer: ReturnType<typeof setTimeout> | undefined
  private statusSentAt = -Infinity

  constructor(readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now
    // The protocol's largest batch: fewer round trips when a backlog drains after days offline.
    this.pushBatchSize = options.pushBatchSize ?? 500
    this.parts = {
      db: options.db,
      logger: options.logger,
      ingest: new CaseIngest(options.db),
      cases: new CasesRepository(options.db),
      cursors: new CursorsRepository(options.db),
      outbox: new OutboxRepository(options.db),
      quarantine: new QuarantineRepository(options.db),
      registrations: new KeyRegistrationsRepository(options.db),
      rerouteTargets: new RerouteTargetsRepository(options.db)
    }
  }

  /** Starts (or restarts) syncing exactly these backends. */
  configure(configs: readonly BackendConfig[]): void {
    for (const [id, backend] of this.backends) {
      const next = configs.find((config) => config.id === id)
      if (!next || JSON.stringify(next) !== JSON.stringify(backend.config)) {
        backend.stop()
        this.backends.delete(id)
      }
    }
    for (const config of configs) {
      if (this.backends.has(config.id)) continue
      const backend = new BackendSync(config, this.options.createAdapter(config), this)
      this.backends.set(config.id, backend)
      void backend.sync()
    }
    this.emitStatus()
  }

  /** Pulls and pushes now: every backend, or one. Resolves when done (errors land in the status). */
  async syncNow(backendId?: string): Promise<void> {
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
    const lookup = backend?.lookUpCase(caseId)
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
   * Tells the UI the backends' state, at most every STATUS_INTERVAL_MS: a pull updates its counts
   * page by page, and re-rendering the status bar that often competes with the reviewer's keys.
   * The last state is always sent, at most that long after it changed.
   */
  emitStatus(): void {
    if (this.statusTimer !== undefined) return
    const wait = STATUS_INTERVAL_MS - (performance.now() - this.statusSentAt)
    if (wait <= 0) return this.sendStatus()
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined
      this.sendStatus()
    }, wait)
    this.statusTimer.unref?.()
  }

  private sendStatus(): void {
    this.statusSentAt = performance.now()
    this.options.emit({ type: 'sync-status', backends: this.status() })
  }

  emit(event: AppEvent): void {
    this.options.emit(event)
  }

  stop(): void {
    clearTimeout(this.statusTimer)
    for (const backend of this.backends.values()) backend.stop()
    this.backends.clear()
  }
}
