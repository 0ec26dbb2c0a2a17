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
    private readonly repositories: Pick<Repositories, 'preferences' | 'slaWarnings' | 'inTransaction'>,
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

  /** Finds cases newly within the lead time, records them as warned, and warns. */
  check(): SlaWarning[] {
    const now = this.now()
    const { slaWarnings, inTransaction } = this.repositories
    const warnings = inTransaction(() => {
      const nearing = slaWarnings.nearingDue(now, now + this.leadMinutes() * 60_000)
      const at = new Date(now).toISOString()
      for (const due of nearing) slaWarnings.record(due.casePk, at)
      return nearing.map((due) => ({ casePk: due.casePk, workspaceId: due.workspaceId, title: due.title, dueAt: new Date(due.dueAt).toISOString() }))
    })
    if (warnings.length > 0) this.warn(warnings)
    return warnings
  }

  start(): void {
    this.check()
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS)
    this.timer.unref?.()
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
