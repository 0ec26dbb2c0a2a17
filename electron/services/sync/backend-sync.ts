import { performance } from 'node:perf_hooks'
import { isDeepStrictEqual } from 'node:util'
import type { PublicKeyEntry } from '../../../shared/audit/audit-log'
import type { BackendConfig } from '../../../shared/backends/backend-config'
import type { AppEvent } from '../../../shared/ipc/events'
import type { BackendStatus, ProtocolFault } from '../../../shared/ipc/views'
import { countOf } from '../../../shared/text/plural'
import type { PushItemResult } from '../../../shared/review-api/protocol'
import { BackendError, ProtocolFaultError, type AdapterPushResult, type BackendAdapter, type ChangePage } from '../backends/backend-adapter'
import type { Repositories } from '../db/repositories'
import type { CasesRepository } from '../db/repositories/cases-repository'
import type { OutboxRepository } from '../db/repositories/outbox-repository'
import type { RerouteTargetsRepository } from '../db/repositories/reroute-targets-repository'
import type { CursorsRepository, KeyRegistrationsRepository, QuarantineRepository } from '../db/repositories/sync-repositories'
import type { Logger } from '../logging/logger'
import { backoffCeilingMs, flooredRetryDelayMs, retryDelayMs } from './backoff'
import type { CaseIngest, CaseRejection } from './case-ingest'
import { changedCaseId, type IngestChange } from './case-prep/prepare-case'
import { PassProgress } from './pass-progress'
import { matchPushAnswers } from './push-answers'
import type { ReviewerActivity } from './reviewer-activity'

/**
 * Push answers in a row that did not match what was sent before sending stops until the reviewer
 * syncs by hand: a backend that answers wrongly is not sent the same batch for ever.
 */
const MAX_MISMATCHED_PUSHES = 5

/**
 * How long one ingest transaction may hold the services' event loop, in ms: a request from the
 * review screen that arrives meanwhile waits at most this long, well inside a frame.
 */
const INGEST_SLICE_MS = 4

/** What one backend's sync works with: the cache, the reviewer's keys and activity, and the engine's outlets. */
export interface BackendSyncDeps {
  inTransaction: Repositories['inTransaction']
  inRefetchableTransaction: Repositories['inRefetchableTransaction']
  logger: Logger
  ingest: CaseIngest
  cases: CasesRepository
  cursors: CursorsRepository
  outbox: OutboxRepository
  quarantine: QuarantineRepository
  registrations: KeyRegistrationsRepository
  rerouteTargets: RerouteTargetsRepository
  /** The reviewer's public keys, registered with the backend before decisions signed by them go. */
  keys: { publicKeys(): PublicKeyEntry[] }
  /** The reviewer's keystrokes, which ingest (each slice waits for its `turn`) and delivery (`quiet`) give way to. */
  activity: ReviewerActivity
  /** Milliseconds since the epoch. */
  now(): number
  /** Decisions per push request. */
  pushBatchSize: number
  /** Sends an event to the UI. */
  emit(event: AppEvent): void
  /** This backend's `status` changed (the engine tells the UI, throttled). */
  statusChanged(): void
}

/** Pulls and pushes for one backend; at most one pull and one push run at a time. */
export class BackendSync {
  status: BackendStatus
  /** Decisions in the push request under way: past the point where they could be undone. */
  readonly sending = new Set<string>()
  private pulling: Promise<void> | null = null
  /** The pull that starts once the one under way ends, for a by-hand sync asked for during it. */
  private pullAfter: Promise<void> | null = null
  /** Whether the pull under way has asked the backend for anything yet. */
  private passHasRead = false
  private pushing: Promise<void> | null = null
  private pullTimer: ReturnType<typeof setTimeout> | undefined
  private pushTimer: ReturnType<typeof setTimeout> | undefined
  private failedPulls = 0
  /** Pushes in a row that failed in the cache (`pushFailed`), and what the last one said. */
  private failedPushes = 0
  private pushFailure: string | null = null
  /** Push answers in a row that did not match the decisions sent, and until when pushing waits because of them (or of `failedPushes`). */
  private mismatchedPushes = 0
  private pushHeldUntil = 0
  private pushFault: string | null = null
  /** Cases in the pass under way whose content changed without a higher revision (kept as they were). */
  private revisionFaults: CaseRejection[] = []
  private readonly abort = new AbortController()
  private stopped = false

  constructor(
    readonly config: BackendConfig,
    private readonly adapter: BackendAdapter,
    private readonly deps: BackendSyncDeps
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
   * Pull, then push what is waiting. The timer's pulls join a pull under way. `byHand` (the
   * reviewer asked) wants what the backend holds now: asked once the pull under way has begun
   * reading, which may already be past where a change made since would land, it is answered by one
   * more pull right after that one (every such request during one pull shares it); asked before,
   * it joins. It also lifts a hold on pushing that a backend's mismatched answers caused.
   */
  sync(byHand = false): Promise<void> {
    if (byHand && this.pushHeldUntil > this.deps.now()) this.pushHeldUntil = 0
    const pulled = byHand && this.pulling && this.passHasRead ? (this.pullAfter ??= this.pulling.then(() => ((this.pullAfter = null), this.stopped ? undefined : this.pull()))) : this.pull()
    return pulled.then(() => this.push())
  }

  /**
   * Start a pull, or join the one under way. Never rejects: a failed pull lands in the status,
   * including one whose failure could not even be recorded (the cache unreadable: `pullBroke`).
   */
  private pull(): Promise<void> {
    this.pulling ??= this.pullAll()
      .catch((error: unknown) => this.pullBroke(error))
      .finally(() => {
        this.pulling = null
        this.schedulePull()
      })
    return this.pulling
  }

  /** A pull that failed where `pullAll` could not say so (the cache failing while it recorded a failure): said here. */
  private pullBroke(error: unknown): void {
    this.failedPulls += 1
    const message = `Sync failed: ${(error as Error).message}`
    this.update({ state: 'error', lastError: message, fault: null })
    this.deps.logger.warn(`${this.config.id}: ${message}`)
  }

  /**
   * Push what is due now (or join the push under way). Never rejects: it runs from timers and
   * after each decision, where a rejection would end the web host's process. A backend's failure
   * is handled in `pushAllDue`; one of the cache's own (SQLITE_BUSY from another process holding
   * it, a full disk) is `pushFailed`'s.
   */
  push(): Promise<void> {
    this.pushing ??= this.pushAllDue()
      .then(
        (ran) => {
          // A push held back (`pushHeldUntil`) did not reach the cache: it proves nothing.
          if (ran) this.pushSucceeded()
        },
        (error: unknown) => this.pushFailed(error)
      )
      .finally(() => {
        this.pushing = null
        try {
          this.schedulePush()
        } catch (error) {
          this.pushFailed(error)
        }
      })
    return this.pushing
  }

  /**
   * A push that failed in the cache, not at the backend: said in the status and the log, and
   * pushing held for a backoff that grows with each such failure in a row (a sync by hand lifts
   * it). Decisions it had not settled stay in the outbox: sent again, a backend answers the ones
   * it already applied as duplicates.
   */
  private pushFailed(error: unknown): void {
    this.failedPushes += 1
    this.pushFailure = `Decisions could not be sent: ${(error as Error).message}`
    this.pushHeldUntil = Math.max(this.pushHeldUntil, this.deps.now() + flooredRetryDelayMs(this.failedPushes - 1))
    this.update({ state: 'error', lastError: this.pushFailure })
    this.deps.logger.warn(`${this.config.id}: ${this.pushFailure}; will try again`)
  }

  /** A push that ran to its end: a failure `pushFailed` put in the status is over. */
  private pushSucceeded(): void {
    this.failedPushes = 0
    if (this.pushFailure !== null && this.status.lastError === this.pushFailure) this.update({ state: 'idle', lastError: null })
    this.pushFailure = null
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.pullTimer)
    clearTimeout(this.pushTimer)
    this.abort.abort()
  }

  private async pullAll(): Promise<void> {
    const { cursors, outbox, quarantine, logger } = this.deps
    this.update({ state: 'syncing', received: 0 })
    this.passHasRead = false
    this.revisionFaults = []
    // A backend that lists every open case on each pass starts each pass from the beginning.
    const listsAll = this.adapter.reconcile !== undefined
    const listed = new Set<string>()
    const progress = new PassProgress(this.config.name)
    try {
      let hasMore = true
      let cursor = listsAll ? null : cursors.get(this.config.id)
      let ahead: Promise<ChangePage> | null = null
      while (hasMore && !this.stopped) {
        // Reading a page is CPU work too: it waits for its turn, like ingest, and the time the
        // event loop was busy meanwhile counts as spent (an adapter that parses on this thread).
        await this.deps.activity.turn()
        const fetching = performance.eventLoopUtilization()
        this.passHasRead = true
        const page: ChangePage = await (ahead ?? this.adapter.pull(cursor, this.abort.signal))
        this.deps.activity.spent(performance.eventLoopUtilization(fetching).active)
        // A change feed's next page is fetched (and parsed, in a worker) while this one is
        // written, once the reviewer's keys give it a turn; if this page fails, that one is
        // dropped unread.
        const next = page.nextCursor
        ahead = !listsAll && page.hasMore && next !== cursor ? this.deps.activity.turn().then(() => this.adapter.pull(next, this.abort.signal)) : null
        ahead?.catch(() => {})
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
      await this.registerKeys(this.deps.keys.publicKeys().filter((key) => key.retiredAt === null).map((key) => key.kid))
      // The backend answered: whatever was waiting for it can go now.
      outbox.retryAllNow(this.config.id)
      const held = this.pushFault
      const revisions = this.revisionProblem()
      this.update({
        state: held || revisions ? 'error' : 'idle',
        lastSyncAt: new Date(this.deps.now()).toISOString(),
        lastError: held ?? revisions?.message ?? null,
        fault: held ? 'mismatched-answer' : (revisions?.fault ?? null),
        quarantined: quarantine.count(this.config.id)
      })
      logger.info(`${this.config.id}: pulled ${countOf(this.status.received, 'change')}`)
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

  /**
   * The pass's cases whose content changed without a higher revision, as one problem naming this
   * backend and the first case (Settings lists each); null if there were none.
   */
  private revisionProblem(): { message: string; fault: ProtocolFault } | null {
    const [first, ...others] = this.revisionFaults
    if (!first) return null
    const more = others.length > 0 ? ` (and ${countOf(others.length, 'more case')}, listed in Settings)` : ''
    return { message: `${this.config.name} broke the sync protocol: ${first.message}${more}.`, fault: first.fault! }
  }

  /**
   * After a complete pass: the backend's reroute targets, cached; a failure keeps the cached list
   * and only logs. Saved like the pass's cases, without waiting for the disk: the list is fetched
   * again every pass, and an fsync here held the services' thread 15–80 ms at the end of each pull.
   * A list that differs from the cached one is sent to the renderer (`reroute-targets-changed`): a
   * case opened before the pass ended shows the list it brought, not the one it replaced.
   */
  private async refreshRerouteTargets(): Promise<void> {
    const { rerouteTargets, logger } = this.deps
    try {
      const targets = await this.adapter.rerouteTargets(this.abort.signal)
      if (!targets) return
      const changed = !isDeepStrictEqual(rerouteTargets.get(this.config.id), targets)
      this.deps.inRefetchableTransaction(() => rerouteTargets.save(this.config.id, targets, this.deps.now()))
      if (changed) this.emitOnTurn({ type: 'reroute-targets-changed', workspaceId: this.config.id, rerouteTargets: targets })
    } catch (error) {
      if (!this.stopped) logger.warn(`${this.config.id}: reroute targets not refreshed: ${(error as Error).message}`)
    }
  }

  /** After a complete pass: the cached pending cases it did not list, the adapter confirms gone. */
  private async reconcile(listed: ReadonlySet<string>): Promise<void> {
    const unlisted = this.deps.cases.pendingIds(this.config.id).filter((caseId) => !listed.has(caseId))
    if (unlisted.length === 0) return
    const changes = await this.adapter.reconcile!(unlisted, this.abort.signal)
    await this.applyChanges(changes, null)
  }

  /**
   * Applies a page's changes in transactions of at most INGEST_SLICE_MS, each one waiting for its
   * turn (`ReviewerActivity`: the event loop turns first, so the review screen's requests never
   * wait behind a large page; while the reviewer presses keys, slices wait for a pause but keep a
   * floor share of the time). Every case is stored whole or not at all: a slice is one SQLite
   * transaction. The cursor (if any: reconciling has none) moves with the last slice; a crash or
   * a stop before it only means the page's first slices are applied again, which changes nothing.
   */
  private async applyChanges(changes: readonly IngestChange[], nextCursor: string | null): Promise<void> {
    const { inRefetchableTransaction, cursors, ingest, logger } = this.deps
    const receivedAt = new Date(this.deps.now()).toISOString()
    const changedCasePks: number[] = []
    let leases = 0
    let applied = 0
    do {
      await this.deps.activity.turn()
      // Stopping (the app quits, the backend is removed) ends the page between two transactions.
      if (this.stopped) return
      const sliceStart = performance.now()
      const sliceEnd = sliceStart + INGEST_SLICE_MS
      inRefetchableTransaction(() => {
        const report = ingest.apply(this.config.id, changes.slice(applied), receivedAt, { firstIndex: applied, revisions: this.adapter.revisions, until: sliceEnd })
        applied += report.applied
        for (const rejection of report.rejected) logger.warn(`${this.config.id}: quarantined ${rejection.message}`)
        this.revisionFaults.push(...report.rejected.filter((rejection) => rejection.fault !== undefined))
        changedCasePks.push(...report.changedCasePks)
        leases += report.leases
        if (applied >= changes.length && nextCursor !== null) cursors.set(this.config.id, nextCursor, receivedAt)
      })
      this.deps.activity.spent(performance.now() - sliceStart)
    } while (applied < changes.length)
    // Telling the UI makes the renderer work too: that waits for a turn like the ingest did.
    if (changedCasePks.length > 0) this.emitOnTurn({ type: 'cases-changed', casePks: changedCasePks })
    if (leases > 0) this.emitOnTurn({ type: 'holds-changed' })
  }

  private emitOnTurn(event: AppEvent): void {
    void this.deps.activity.turn().then(() => {
      if (!this.stopped) this.deps.emit(event)
    })
  }

  /** Sends what is due, batch by batch, until none is or pushing is held; whether it read the outbox at all. */
  private async pushAllDue(): Promise<boolean> {
    const { outbox, logger } = this.deps
    let ran = false
    while (!this.stopped && this.deps.now() >= this.pushHeldUntil) {
      // Sending costs CPU here and on the backend (a LangGraph server runs the resumed graph at
      // once): like ingest, it waits for the reviewer's keys to pause, so it never competes with
      // the frame that shows the next case. The decision is already stored and signed.
      await this.deps.activity.quiet()
      if (this.stopped) return ran
      const due = outbox.due(this.config.id, this.deps.now(), this.deps.pushBatchSize)
      ran = true
      if (due.length === 0) break
      // Decisions the backend would apply to content the reviewer was not shown are refused here.
      const revised = this.notToSend(due)
      if (revised.length > 0) {
        const at = new Date(this.deps.now()).toISOString()
        this.deps.inTransaction(() => revised.forEach((result) => outbox.settle(result, at)))
        for (const result of revised) logger.warn(`${this.config.id}: decision ${result.decisionId} not applied: revised`)
        this.deps.emit({ type: 'decisions-settled', delivered: [], undelivered: revised.map((result) => result.decisionId) })
        this.update({})
      }
      const batch = due.filter((item) => !revised.some((result) => result.decisionId === item.decisionId))
      if (batch.length === 0) continue
      let results: AdapterPushResult[] | null
      try {
        await this.registerKeys(batch.map((item) => String(item.envelope.record['keyId'])))
        for (const item of batch) this.sending.add(item.decisionId)
        results = await this.adapter.push(
          batch.map((item) => item.envelope),
          this.abort.signal
        )
      } catch (error) {
        if (this.stopped) return ran
        const message = (error as Error).message
        const now = this.deps.now()
        const at = new Date(now).toISOString()
        this.deps.inTransaction(() => {
          for (const item of batch) outbox.retryLater(item.decisionId, now + retryDelayMs(item.attempts), message, at)
        })
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
      const now = this.deps.now()
      const at = new Date(now).toISOString()
      const attempts = new Map(batch.map((item) => [item.decisionId, item.attempts]))
      this.deps.inTransaction(() => {
        settled.forEach((result) => outbox.settle(result, at))
        for (const result of busy) outbox.retryLater(result.decisionId, now + retryDelayMs(attempts.get(result.decisionId) ?? 0), result.detail, at)
        for (const item of unanswered) outbox.retryLater(item.decisionId, now + retryDelayMs(item.attempts), matched.mismatch ?? 'No answer.', at)
      })
      this.notePushAnswer(matched.mismatch, now)
      for (const result of busy) logger.info(`${this.config.id}: decision ${result.decisionId} will be sent again: ${result.detail}`)
      const delivered = settled.filter((r) => r.status === 'accepted' || r.status === 'duplicate').map((r) => r.decisionId)
      const undelivered = settled.filter((r) => r.status === 'conflict' || r.status === 'rejected').map((r) => r.decisionId)
      for (const result of settled) {
        if (result.status === 'conflict') logger.warn(`${this.config.id}: decision ${result.decisionId} not applied: ${result.reason}`)
        if (result.status === 'rejected') logger.warn(`${this.config.id}: decision ${result.decisionId} rejected: ${result.code}`)
      }
      this.deps.emit({ type: 'decisions-settled', delivered, undelivered })
      this.update({})
      // What is left of this batch waits for its retry time; the loop would only fetch it again.
      if (busy.length > 0 || unanswered.length > 0) break
    }
    return ran
  }

  /**
   * The decisions not to send, as the 'revised' conflict a backend keeping its own revisions would
   * answer, so they are listed as not applied to decide again:
   * - the case's latest copy from the backend was refused (quarantined: other content under the
   *   decided revision, or invalid), so the backend holds content the reviewer was not shown;
   * - for a backend whose revisions the cache numbers (LangGraph), which cannot refuse a decision
   *   on an older revision itself: the case changed after the decision.
   */
  private notToSend(items: readonly { decisionId: string; envelope: { caseId: string; caseRevision: number } }[]): Extract<PushItemResult, { status: 'conflict' }>[] {
    const quarantined = this.deps.quarantine.caseIds(this.config.id)
    return items.flatMap((item) => {
      const { caseId, caseRevision } = item.envelope
      const conflict = (detail: string) => [{ decisionId: item.decisionId, status: 'conflict' as const, reason: 'revised' as const, detail }]
      if (quarantined.has(caseId)) return conflict('The backend now holds other content for this case than the copy you decided (it was refused, see Settings), so the decision was not sent.')
      const stored = this.adapter.revisions === 'cache' ? this.deps.cases.stored(this.config.id, caseId) : undefined
      if (stored && stored.revision > caseRevision) {
        return conflict(`The case changed after this decision (it is at revision ${stored.revision}; the decision was made on ${caseRevision}), so it was not sent.`)
      }
      return []
    })
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
    this.deps.logger.warn(`${this.config.id}: ${this.pushFault}`)
  }

  /** Registers with this backend any of these keys it has not been given yet. */
  private async registerKeys(kids: readonly string[]): Promise<void> {
    const { registrations } = this.deps
    for (const kid of new Set(kids)) {
      if (registrations.has(this.config.id, kid)) continue
      const key = this.deps.keys.publicKeys().find((candidate) => candidate.kid === kid)
      if (!key) continue
      const registering = this.adapter.registerKey(key, this.abort.signal)
      if (registering === null) return
      await registering
      registrations.add(this.config.id, kid, new Date(this.deps.now()).toISOString())
      this.deps.logger.info(`${this.config.id}: registered signing key ${kid}`)
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
    const due = this.deps.outbox.nextDueAt(this.config.id)
    this.update({})
    if (due === null || this.pushHeldUntil === Infinity) return
    const next = Math.max(due, this.pushHeldUntil)
    this.pushTimer = setTimeout(() => void this.push(), Math.max(0, next - this.deps.now()))
    this.pushTimer.unref?.()
  }

  /**
   * Refreshes counts from the database, applies `changes`, and tells the UI. A cache that cannot
   * be read keeps the counts last read: the status may be what says the cache failed.
   */
  private update(changes: Partial<BackendStatus>): void {
    const counts = this.outboxCounts()
    this.status = { ...this.status, ...changes, pendingPushes: counts.pending, undelivered: counts.undelivered }
    this.deps.statusChanged()
  }

  private outboxCounts(): { pending: number; undelivered: number } {
    try {
      return this.deps.outbox.counts(this.config.id)
    } catch {
      return { pending: this.status.pendingPushes, undelivered: this.status.undelivered }
    }
  }
}
