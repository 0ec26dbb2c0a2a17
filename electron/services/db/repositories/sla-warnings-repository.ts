import type { Db } from '../connection'
import { pendingInQueue } from './queue-query'

/** A pending case about to breach its SLA. */
export interface NearingDue {
  casePk: number
  workspaceId: string
  title: string
  /** Epoch ms. */
  dueAt: number
}

/** SLA warnings already given (migration 0007), so no case is warned about twice. */
export class SlaWarningsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      nearing: db.prepare<{ now: number; until: number }, { pk: number; workspace_id: string; title: string; due_at: number }>(
        `SELECT c.pk, c.workspace_id, c.title, c.due_at FROM cases c
         WHERE ${pendingInQueue()} AND c.due_at > @now AND c.due_at <= @until
           AND NOT EXISTS (SELECT 1 FROM sla_warnings s WHERE s.case_pk = c.pk)
         ORDER BY c.due_at`
      ),
      record: db.prepare<[number, string]>('INSERT OR IGNORE INTO sla_warnings (case_pk, warned_at) VALUES (?, ?)')
    }
  }

  /** Cases pending in the queue, due after `now` and by `until` (epoch ms), not warned about yet; soonest first. */
  nearingDue(now: number, until: number): NearingDue[] {
    return this.statements.nearing.all({ now, until }).map((row) => ({ casePk: row.pk, workspaceId: row.workspace_id, title: row.title, dueAt: row.due_at }))
  }

  /** Remembers that a case was warned about (`at`: ISO 8601). */
  record(casePk: number, at: string): void {
    this.statements.record.run(casePk, at)
  }
}
