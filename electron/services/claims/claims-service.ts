import { AppError } from '../../../shared/ipc/errors'
import type { CheckoutReport, CheckoutRequest, HoldView } from '../../../shared/ipc/claim-views'
import { CHECKOUT_MAX } from '../../../shared/ipc/claim-views'
import type { AppEvent } from '../../../shared/ipc/events'
import type { Repositories } from '../db/repositories'
import type { CasesRepository } from '../db/repositories/cases-repository'
import type { HoldsRepository } from '../db/repositories/holds-repository'
import type { Logger } from '../logging/logger'
import type { ClaimClient, ClaimResult } from './claim-client'

export interface ClaimsOptions {
  repositories: Pick<Repositories, 'holds' | 'cases' | 'inTransaction'>
  logger: Logger
  emit: (event: AppEvent) => void
  /** The claim client of a workspace's backend, or null when its cases are this reviewer's alone. */
  clientFor: (workspaceId: string) => ClaimClient | null
  /** The clock, in ms (tests inject a simulated day). */
  now?: () => number
  /** How long a case stays open before it is claimed: passing through cases with `j` claims nothing. */
  dwellMs?: number
  /** Length of the lease taken while viewing, renewed at half of it. */
  viewingLeaseSeconds?: number
  /** How long before checked-out leases end the reviewer is warned. */
  warnBeforeMs?: number
}

export const VIEWING_LEASE_SECONDS = 120
const DEFAULT_DWELL_MS = 400
const DEFAULT_WARN_BEFORE_MS = 60 * 60_000
const WARNING_CHECK_MS = 60_000

/** The case on screen: its claim timer, whether the reviewer has left it, what its lease holds once granted. */
interface Viewing {
  casePk: number
  timer: NodeJS.Timeout | null
  left: boolean
  claimed: { workspaceId: string; caseId: string } | null
}

/**
 * Claims on shared cases. While the reviewer views a case it holds a short lease, taken in the
 * background after a short dwell, renewed while the case stays open and released when the
 * reviewer moves on: opening the next case never waits for it. A colleague's claim (a refused
 * lease, or a lease in the change feed) is stored and shown, never an error. For field work,
 * `checkout` takes long leases on a filtered set at once, warns before they end, and `returnAll`
 * releases what is left.
 */
export class ClaimsService {
  private readonly holds: HoldsRepository
  private readonly cases: CasesRepository
  private readonly now: () => number
  private viewing: Viewing | null = null
  /** Claims and releases go out one at a time, in order, so a release never overtakes its claim. */
  private queue: Promise<void> = Promise.resolve()
  private warned = new Set<number>()
  private warningTimer: NodeJS.Timeout | null = null

  constructor(private readonly options: ClaimsOptions) {
    this.holds = options.repositories.holds
    this.cases = options.repositories.cases
    this.now = options.now ?? Date.now
  }

  /** Unexpired claims on pending cases, this reviewer's and colleagues'. */
  list(): HoldView[] {
    return this.holds.active(this.now()).map((hold) => ({
      casePk: hold.casePk,
      holder: hold.holder,
      mine: hold.mine,
      purpose: hold.purpose,
      expiresAt: new Date(hold.expiresAt).toISOString()
    }))
  }

  /**
   * The reviewer now views `casePk` (null: none). Returns at once; the previous case's viewing
   * lease is released and, after the dwell, this one's is taken.
   */
  view(casePk: number | null): void {
    if (this.viewing?.casePk === casePk) {
      // Asked again for a case not held by this reviewer (a colleague's claim may have ended; the
      // feed may already have cleared it here): try to take it now.
      if (this.viewing.claimed === null && this.viewing.timer === null) this.scheduleClaim(this.viewing, 0)
      return
    }
    this.leave()
    if (casePk === null) return
    this.viewing = { casePk, timer: null, left: false, claimed: null }
    this.scheduleClaim(this.viewing, this.options.dwellMs ?? DEFAULT_DWELL_MS)
  }

  /** Claims the viewed case after `delayMs`, then renews it at half the lease while it stays viewed. */
  private scheduleClaim(viewing: Viewing, delayMs: number): void {
    viewing.timer = setTimeout(() => {
      viewing.timer = null
      void this.enqueue(() => this.claimWhileViewing(viewing)).then(() => {
        if (this.viewing === viewing && viewing.claimed) this.scheduleClaim(viewing, (this.options.viewingLeaseSeconds ?? VIEWING_LEASE_SECONDS) * 500)
      })
    }, delayMs)
  }

  /** Releases the viewing lease when the reviewer decides or leaves the case. */
  private leave(): void {
    const previous = this.viewing
    if (!previous) return
    this.viewing = null
    if (previous.timer) clearTimeout(previous.timer)
    previous.left = true
    this.enqueue(async () => {
      // What this viewing claimed is known here: the queue answers its claim before this runs.
      const { claimed } = previous
      if (!claimed) return
      this.holds.removeMine([previous.casePk], 'viewing')
      this.options.emit({ type: 'holds-changed' })
      await this.options.clientFor(claimed.workspaceId)?.release([claimed.caseId], AbortSignal.timeout(30_000))
    })
  }

  private async claimWhileViewing(viewing: Viewing): Promise<void> {
    if (viewing.left) return
    const detail = this.cases.detail(viewing.casePk)
    if (!detail || detail.state !== 'pending') return
    const client = this.options.clientFor(detail.workspaceId)
    const current = this.holds.get(viewing.casePk)
    if (!client || (current?.mine && current.purpose === 'checkout' && current.expiresAt > this.now())) return
    // Not cancelled when the reviewer leaves: the service may have granted it already; leave() then releases it.
    const [result] = await client.claim([detail.reviewCase.id], this.options.viewingLeaseSeconds ?? VIEWING_LEASE_SECONDS, AbortSignal.timeout(30_000))
    if (!result) return
    viewing.claimed = result.status === 'held' ? { workspaceId: detail.workspaceId, caseId: detail.reviewCase.id } : null
    if (!viewing.left) this.record(viewing.casePk, result, 'viewing')
  }

  /** Stores what a backend answered for one case, and tells the renderer. */
  private record(casePk: number, result: ClaimResult, purpose: 'viewing' | 'checkout'): void {
    const now = this.now()
    if (result.status === 'held') this.holds.put({ casePk, holder: result.holder, mine: true, purpose, expiresAt: result.expiresAt }, now)
    if (result.status === 'conflict') {
      this.holds.put({ casePk, holder: result.holder, mine: false, purpose: 'colleague', expiresAt: result.expiresAt }, now)
      this.holds.recordConflictAvoided(casePk, result.holder, now)
    }
    if (purpose === 'viewing') this.options.emit({ type: 'holds-changed' })
  }

  /**
   * Field checkout: long leases until `until` on the selected cases, or every pending case matching
   * the filter (at most CHECKOUT_MAX), whose backend enforces claims. Throws when `until` is not in the future; a
   * backend that cannot be reached throws its BackendError (the cases it answered for stay held).
   */
  async checkout(request: CheckoutRequest): Promise<CheckoutReport> {
    const until = Date.parse(request.until)
    const ttlSeconds = Math.ceil((until - this.now()) / 1000)
    if (!(ttlSeconds >= 60)) throw new AppError('invalid-checkout', `The checkout must end at least a minute from now; ${request.until} is not.`)
    const chosen = request.casePks
      ? this.holds.pendingCases(request.casePks)
      : this.cases.pendingPage(0, CHECKOUT_MAX, request.filter, this.now()).map((row) => ({ casePk: row.casePk, caseId: row.caseId }))
    const byWorkspace = groupBy(chosen, (row) => this.holds.workspaceOf(row.casePk))
    const report: CheckoutReport = { held: 0, heldUntil: null, heldByOthers: [], notHeld: 0 }
    let earliest = Number.POSITIVE_INFINITY
    for (const [workspaceId, cases] of byWorkspace) {
      const client = this.options.clientFor(workspaceId)
      if (!client?.enforced) {
        report.notHeld += cases.length
        continue
      }
      const results = await client.claim(
        cases.map((c) => c.caseId),
        ttlSeconds,
        AbortSignal.timeout(120_000)
      )
      this.options.repositories.inTransaction(() =>
        results.forEach((result, index) => {
          this.record(cases[index]!.casePk, result, 'checkout')
          if (result.status === 'held') {
            report.held += 1
            earliest = Math.min(earliest, result.expiresAt)
          } else if (result.status === 'conflict') report.heldByOthers.push({ caseId: result.caseId, holder: result.holder })
          else report.notHeld += 1
        })
      )
    }
    report.heldUntil = Number.isFinite(earliest) ? new Date(earliest).toISOString() : null
    this.options.emit({ type: 'holds-changed' })
    return report
  }

  /** Back from the field: releases every checked-out lease left (decided cases' ended with the decision). */
  async returnAll(): Promise<{ released: number }> {
    const checkedOut = this.holds.withPurpose('checkout').filter((hold) => hold.mine)
    const byWorkspace = groupBy(checkedOut, (hold) => hold.workspaceId)
    let released = 0
    for (const [workspaceId, holds] of byWorkspace) {
      const client = this.options.clientFor(workspaceId)
      if (client) await client.release(holds.map((hold) => hold.caseId), AbortSignal.timeout(120_000))
      this.holds.removeMine(holds.map((hold) => hold.casePk), 'checkout')
      released += holds.length
    }
    this.warned.clear()
    this.options.emit({ type: 'holds-changed' })
    return { released }
  }

  /**
   * Warns once per lease end when checked-out cases still pending will be released within the
   * warning lead: the reviewer can decide them, or return, before colleagues may take them.
   */
  checkWarnings(): void {
    const now = this.now()
    const lead = this.options.warnBeforeMs ?? DEFAULT_WARN_BEFORE_MS
    const ending = this.holds.active(now).filter((hold) => hold.mine && hold.purpose === 'checkout' && hold.expiresAt - now <= lead)
    const fresh = ending.filter((hold) => !this.warned.has(hold.expiresAt))
    if (fresh.length === 0) return
    for (const hold of fresh) this.warned.add(hold.expiresAt)
    const endsAt = Math.min(...ending.map((hold) => hold.expiresAt))
    this.options.emit({ type: 'checkout-ending', count: ending.length, endsAt: new Date(endsAt).toISOString() })
  }

  /** Checks every WARNING_CHECK_MS; a check the cache fails is logged, and the next one tries again (thrown from a timer, it would end the process). */
  start(): void {
    this.warningTimer ??= setInterval(() => {
      try {
        this.checkWarnings()
      } catch (error) {
        this.options.logger.warn(`checkout warning check failed: ${(error as Error).message}`)
      }
    }, WARNING_CHECK_MS)
    this.warningTimer.unref?.()
  }

  stop(): void {
    if (this.warningTimer) clearInterval(this.warningTimer)
    this.warningTimer = null
    if (this.viewing?.timer) clearTimeout(this.viewing.timer)
    if (this.viewing) this.viewing.left = true
    this.viewing = null
  }

  /** Resolves when every claim and release asked for so far has been answered (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      // Offline is ordinary here: the claim is a courtesy to colleagues, never in the reviewer's way.
      this.options.logger.info(`claim not taken or released: ${(error as Error).message}`)
    })
    return this.queue
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const name = key(item)
    const group = groups.get(name)
    if (group) group.push(item)
    else groups.set(name, [item])
  }
  return groups
}
