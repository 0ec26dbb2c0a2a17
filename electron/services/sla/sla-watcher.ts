import type { SlaWarning } from '../../../shared/ipc/events'
import type { Repositories } from '../db/repositories'

export const DEFAULT_SLA_LEAD_MINUTES = 30
const LEAD_PREFERENCE = 'slaLeadMinutes'
const CHECK_EVERY_MS = 30_000

/**
 * Warns before a pending case breaches its SLA: once per case, `lead` minutes ahead (a
 * preference). Decided, snoozed and removed cases are never warned about. The warnings given are
 * kept in SQLite, so a restart does not repeat them.
 */
export class SlaWatcher {
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly repositories: Pick<Repositories, 'preferences' | 'slaWarnings' | 'inRefetchableTransaction'>,
    private readonly warn: (warnings: SlaWarning[]) => void,
    private readonly now: () => number = Date.now
  ) {}

  leadMinutes(): number {
    return this.repositories.preferences.get(LEAD_PREFERENCE, DEFAULT_SLA_LEAD_MINUTES)
  }

  setLeadMinutes(minutes: number): number {
    this.repositories.preferences.set(LEAD_PREFERENCE, minutes)
    this.check()
    return minutes
  }

  /**
   * Finds cases newly within the lead time, records them as warned, and warns. Most checks find
   * none and write nothing: the write lock is taken only when there is something to record, and
   * the nearing cases are read again under it. A warning given is recorded without waiting for
   * the disk (`inRefetchableTransaction`): a FULL commit during a sync waits for every page the
   * sync wrote since the last checkpoint to reach the disk (5–130 ms each, measured during a
   * 10,000-case pull; this check was the bench's longest services block, 274 ms). A power loss
   * can only make a warning be given again.
   */
  check(): SlaWarning[] {
    const now = this.now()
    const until = now + this.leadMinutes() * 60_000
    const { slaWarnings, inRefetchableTransaction } = this.repositories
    if (slaWarnings.nearingDue(now, until).length === 0) return []
    const warnings = inRefetchableTransaction(() => {
      const nearing = slaWarnings.nearingDue(now, until)
      const at = new Date(now).toISOString()
      for (const due of nearing) slaWarnings.record(due.casePk, at)
      return nearing.map((due) => ({ casePk: due.casePk, workspaceId: due.workspaceId, title: due.title, dueAt: new Date(due.dueAt).toISOString() }))
    })
    if (warnings.length > 0) this.warn(warnings)
    return warnings
  }

  /**
   * Checks now and every CHECK_EVERY_MS. A check that fails (SQLite's error: the cache kept busy
   * by another process past busy_timeout, the disk full) goes to `onError`, and the next one tries
   * again: thrown from a timer, it would end the services' process.
   */
  start(onError: (error: Error) => void): void {
    const check = () => {
      try {
        this.check()
      } catch (error) {
        onError(error as Error)
      }
    }
    check()
    this.timer = setInterval(check, CHECK_EVERY_MS)
    this.timer.unref?.()
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
