import type { OutcomeClass } from '../../../../shared/ipc/insight-views'
import type { Db } from '../connection'
import { pendingInQueue } from './queue-query'

/**
 * The decision facts of the workspaces the app shows, used in place of the whole table so
 * insights count what the reviewer sees in the queue and the app bar: the facts of cases in a
 * removed workspace (a backend taken out of Settings, the demo once a backend is added) are left
 * out. Written as NOT IN the removed workspaces' cases, a set that is usually empty or small, so
 * each fact costs one probe into it.
 */
const SHOWN_FACTS = `(SELECT * FROM decision_facts WHERE case_pk NOT IN
  (SELECT c.pk FROM cases c JOIN workspaces w ON w.id = c.workspace_id WHERE w.removed_at IS NOT NULL))`

/** A rule's run of approvals without edits. Times are epoch ms; null when the run is empty. */
export interface Streak {
  streak: number
  first: number | null
  last: number | null
  reviewers: number
}

/**
 * The aggregates insights are made of, read from the decision facts (migration 0007) of the
 * workspaces shown, the cases pending in the queue, the outbox and the claim events. Times are epoch ms unless named otherwise.
 */
export class InsightsRepository {
  private readonly statements

  constructor(db: Db) {
    const q = <T>(sql: string) => db.prepare<unknown[], T>(sql)
    this.statements = {
      total: q<{ n: number }>(`SELECT count(*) AS n FROM ${SHOWN_FACTS}`),
      overTime: q<{ day: string; count: number }>(
        `SELECT date(decided_at / 1000, 'unixepoch') AS day, count(*) AS count FROM ${SHOWN_FACTS} GROUP BY day ORDER BY day`
      ),
      // One pass for both mixes: by kind and by rule.
      mix: q<{ kind: string; rule: string | null; class: OutcomeClass; n: number }>(
        `SELECT kind, rule, outcome_class AS class, count(*) AS n FROM ${SHOWN_FACTS} GROUP BY kind, rule, class`
      ),
      changed: q<{ n: number }>(`SELECT count(*) AS n FROM ${SHOWN_FACTS} WHERE outcome_class = 'edit'`),
      fields: q<{ workflow: string; kind: string; field: string; corrected: number; total: number }>(
        `SELECT f.workflow, f.kind, e.value AS field, count(*) AS corrected,
           (SELECT count(*) FROM ${SHOWN_FACTS} t WHERE t.workflow = f.workflow AND t.kind = f.kind) AS total
         FROM ${SHOWN_FACTS} f, json_each(f.edited_fields) e
         WHERE f.edited_fields != '[]'
         GROUP BY f.workflow, f.kind, e.value ORDER BY corrected DESC LIMIT 10`
      ),
      times: db.prepare<[], number>(`SELECT time_on_task_ms FROM ${SHOWN_FACTS} ORDER BY 1`).pluck(),
      pendingTimes: q<{ createdAt: number; dueAt: number }>(`SELECT c.created_at AS createdAt, c.due_at AS dueAt FROM cases c WHERE ${pendingInQueue()}`),
      // Aggregated in SQL: the header is refreshed whenever the queue is, however long the queue.
      queueStats: q<{ pending: number; overdue: number; dueWithinHour: number; oldest: number | null }>(
        `SELECT count(*) AS pending, coalesce(sum(c.due_at < @now), 0) AS overdue,
           coalesce(sum(c.due_at >= @now AND c.due_at < @now + 3600000), 0) AS dueWithinHour, min(c.created_at) AS oldest
         FROM cases c WHERE ${pendingInQueue()}`
      ),
      warnedPending: db.prepare<{ now: number }, number>(`SELECT c.pk FROM sla_warnings s JOIN cases c ON c.pk = s.case_pk WHERE ${pendingInQueue()}`).pluck(),
      late: q<{ late: number; total: number }>(
        `SELECT coalesce(sum(f.decided_at > c.due_at), 0) AS late, count(*) AS total FROM ${SHOWN_FACTS} f JOIN cases c ON c.pk = f.case_pk`
      ),
      // A rule's streak: the approvals as proposed since its latest decision that was anything
      // else. Both queries walk the (rule, decided_at) index, so only the streak itself is read.
      lastBreak: q<{ at: number }>(
        `SELECT decided_at AS at FROM ${SHOWN_FACTS} WHERE rule = ? AND outcome_class != 'approve'
         ORDER BY decided_at DESC LIMIT 1`
      ),
      streak: q<Streak>(
        `SELECT count(*) AS streak, min(decided_at) AS first, max(decided_at) AS last, count(DISTINCT reviewer) AS reviewers
         FROM ${SHOWN_FACTS} WHERE rule = ? AND decided_at > ?`
      ),
      // Weeks start on Monday: SQLite's 'weekday 0' moves to the coming Sunday, six days back is Monday.
      claimWeeks: q<{ week: string; conflictsAvoided: number; workLost: number }>(
        `SELECT week, sum(avoided) AS conflictsAvoided, sum(lost) AS workLost FROM (
           SELECT date(at / 1000, 'unixepoch', 'weekday 0', '-6 days') AS week, 1 AS avoided, 0 AS lost FROM claim_events WHERE kind = 'conflict-avoided'
           UNION ALL
           SELECT date(created_at, 'weekday 0', '-6 days'), 0, 1 FROM outbox
           WHERE outcome_code IN (SELECT value FROM json_each(@reasons)) AND state IN ('conflict', 'discarded', 'redone')
         ) GROUP BY week ORDER BY week`
      ),
      ruleTimes: db.prepare<[string, number], number>(`SELECT time_on_task_ms FROM ${SHOWN_FACTS} WHERE rule = ? AND decided_at >= ? ORDER BY 1`).pluck()
    }
  }

  /** Standing decisions in the workspaces shown (retracted ones do not count). */
  decisionCount(): number {
    return this.statements.total.get()!.n
  }

  /** Decisions per UTC day (`YYYY-MM-DD`), oldest first. */
  decisionsPerDay(): { day: string; count: number }[] {
    return this.statements.overTime.all()
  }

  /** Decisions by kind, rule (null: none) and outcome class. */
  outcomeMix(): { kind: string; rule: string | null; class: OutcomeClass; n: number }[] {
    return this.statements.mix.all()
  }

  /** Decisions that changed the proposal (outcome class `edit`: edited, or another category or option that goes ahead). */
  changedCount(): number {
    return this.statements.changed.get()!.n
  }

  /** The ten fields corrected most often, with how many decisions of their workflow and kind there were. */
  correctedFields(): { workflow: string; kind: string; field: string; corrected: number; total: number }[] {
    return this.statements.fields.all()
  }

  /** Every decision's time on task (ms), ascending. */
  timesOnTask(): number[] {
    return this.statements.times.all()
  }

  /** When each case pending in the queue at `now` was created and is due. */
  pendingTimes(now: number): { createdAt: number; dueAt: number }[] {
    return this.statements.pendingTimes.all({ now })
  }

  /** The queue header: cases pending at `now`, overdue, due within the hour, the oldest creation time (null: none pending), and the pending cases already warned about (SLA). */
  queueStats(now: number): { pending: number; overdue: number; dueWithinHour: number; oldestCreatedAt: number | null; warnedPending: number[] } {
    const { oldest, ...counts } = this.statements.queueStats.get({ now })!
    return { ...counts, oldestCreatedAt: oldest, warnedPending: this.statements.warnedPending.all({ now }) }
  }

  /** Decisions made after their case was due, of all. */
  lateness(): { late: number; total: number } {
    return this.statements.late.get()!
  }

  /** When a rule last had a decision other than an approval as proposed (outcome class `approve`), if ever. */
  lastStreakBreak(rule: string): number | undefined {
    return this.statements.lastBreak.get(rule)?.at
  }

  /** A rule's decisions after `since`: how many, first and last, by how many reviewers. */
  streakSince(rule: string, since: number): Streak {
    return this.statements.streak.get(rule, since)!
  }

  /** Per week (its Monday, `YYYY-MM-DD`): conflicts claims avoided, and decisions lost to a conflict with one of `reasons`. */
  claimWeeks(reasons: readonly string[]): { week: string; conflictsAvoided: number; workLost: number }[] {
    return this.statements.claimWeeks.all({ reasons: JSON.stringify(reasons) })
  }

  /** A rule's times on task (ms) from `from` on, ascending. */
  ruleTimes(rule: string, from: number): number[] {
    return this.statements.ruleTimes.all(rule, from)
  }
}
