import type { SlaWarning } from '../../../shared/ipc/events'
import type { Db } from '../db/connection'
import { PreferencesRepository } from '../db/repositories/preferences-repository'

export const DEFAULT_SLA_LEAD_MINUTES = 30
const LEAD_PREFERENCE = 'slaLeadMinutes'
const CHECK_EVERY_MS = 30_000

/**
 * Warns before a pending case breaches its SLA: once per case, `lead` minutes ahead (a
 * preference). Decided, snoozed and removed cases are never warned about. The warnings given are
 * kept in SQLite, so a restart does not repeat them.
 */
export class SlaWatcher {
  private readonly statements
  private readonly preferences: PreferencesRepository
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly db: Db,
    private readonly warn: (warnings: SlaWarning[]) => void,
    private readonly now: () => number = Date.now
  ) {
    this.preferences = new PreferencesRepository(db)
    this.statements = {
      nearing: db.prepare<{ now: number; until: number }, { pk: number; title: string; due_at: number }>(
        `SELECT c.pk, c.title, c.due_at FROM cases c JOIN workspaces w ON w.id = c.workspace_id
         WHERE c.state = 'pending' AND w.removed_at IS NULL AND (c.snoozed_until IS NULL OR c.snoozed_until <= @now)
           AND c.due_at > @now AND c.due_at <= @until
           AND NOT EXISTS (SELECT 1 FROM sla_warnings s WHERE s.case_pk = c.pk)
         ORDER BY c.due_at`
      ),
      record: db.prepare<[number, string]>('INSERT OR IGNORE INTO sla_warnings (case_pk, warned_at) VALUES (?, ?)')
    }
  }

  leadMinutes(): number {
    return this.preferences.get(LEAD_PREFERENCE, DEFAULT_SLA_LEAD_MINUTES)
  }

  setLeadMinutes(minutes: number): number {
    this.preferences.set(LEAD_PREFERENCE, minutes)
    this.check()
    return minutes
  }

  /** Finds cases newly within the lead time, records them as warned, and warns. */
  check(): SlaWarning[] {
    const now = this.now()
    const warnings = this.db.transaction(() => {
      const nearing = this.statements.nearing.all({ now, until: now + this.leadMinutes() * 60_000 })
      const at = new Date(now).toISOString()
      for (const row of nearing) this.statements.record.run(row.pk, at)
      return nearing.map((row) => ({ casePk: row.pk, title: row.title, dueAt: new Date(row.due_at).toISOString() }))
    })()
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
