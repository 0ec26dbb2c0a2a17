import { CONFLICT_REASONS } from '../../../shared/review-api/protocol'
import type { Db } from '../db/connection'
import { OUTCOME_CLASSES, type InsightsReport, type OutcomeClass, type OutcomeMix, type QueueStats } from '../../../shared/ipc/insight-views'

/** How a stored outcome counts in the mix: an approval with edits is an edit. */
const OUTCOME_CLASS_SQL = `CASE
  WHEN outcome IN ('approve', 'choose-option') AND edited_fields = '[]' THEN 'approve'
  WHEN outcome IN ('approve', 'approve-with-edits', 'choose-option') THEN 'edit'
  WHEN outcome = 'reject' THEN 'reject'
  WHEN outcome = 'reroute' THEN 'reroute'
  ELSE 'other' END`

const AGE_BUCKETS: [string, number][] = [
  ['< 1 h', 3_600_000],
  ['1–4 h', 4 * 3_600_000],
  ['4–24 h', 24 * 3_600_000],
  ['1–3 d', 3 * 86_400_000],
  ['> 3 d', Number.POSITIVE_INFINITY]
]

/** Rules need this many decisions before their edit and reject rates are worth showing. */
const MIN_DECISIONS_FOR_RATES = 10

/**
 * The loop's health from the local decision facts (migration 0007): outcome mixes, edits, time on
 * task, queue age and SLA, and the rules that have earned more autonomy or need work.
 */
export class InsightsService {
  private readonly statements

  constructor(db: Db) {
    const q = <T>(sql: string) => db.prepare<unknown[], T>(sql)
    this.statements = {
      total: q<{ n: number }>('SELECT count(*) AS n FROM decision_facts'),
      overTime: q<{ day: string; count: number }>(
        `SELECT date(decided_at / 1000, 'unixepoch') AS day, count(*) AS count FROM decision_facts GROUP BY day ORDER BY day`
      ),
      // One pass for both mixes: by kind and by rule.
      mix: q<{ kind: string; rule: string | null; class: OutcomeClass; n: number }>(
        `SELECT kind, rule, ${OUTCOME_CLASS_SQL} AS class, count(*) AS n FROM decision_facts GROUP BY kind, rule, class`
      ),
      edited: q<{ n: number }>(`SELECT count(*) AS n FROM decision_facts WHERE edited_fields != '[]'`),
      fields: q<{ workflow: string; kind: string; field: string; corrected: number; total: number }>(
        `SELECT f.workflow, f.kind, e.value AS field, count(*) AS corrected,
           (SELECT count(*) FROM decision_facts t WHERE t.workflow = f.workflow AND t.kind = f.kind) AS total
         FROM decision_facts f, json_each(f.edited_fields) e
         WHERE f.edited_fields != '[]'
         GROUP BY f.workflow, f.kind, e.value ORDER BY corrected DESC LIMIT 10`
      ),
      times: db.prepare<[], number>('SELECT time_on_task_ms FROM decision_facts ORDER BY 1').pluck(),
      pendingAges: q<{ created: number; due: number }>(
        `SELECT c.created_at AS created, c.due_at AS due FROM cases c JOIN workspaces w ON w.id = c.workspace_id WHERE c.state = 'pending' AND w.removed_at IS NULL`
      ),
      // Aggregated in SQL: the header is refreshed whenever the queue is, however long the queue.
      queueStats: q<{ pending: number; overdue: number; dueWithinHour: number; oldest: number | null }>(
        `SELECT count(*) AS pending, coalesce(sum(c.due_at < @now), 0) AS overdue,
           coalesce(sum(c.due_at >= @now AND c.due_at < @now + 3600000), 0) AS dueWithinHour, min(c.created_at) AS oldest
         FROM cases c JOIN workspaces w ON w.id = c.workspace_id WHERE c.state = 'pending' AND w.removed_at IS NULL`
      ),
      late: q<{ late: number; total: number }>(
        `SELECT coalesce(sum(f.decided_at > c.due_at), 0) AS late, count(*) AS total FROM decision_facts f JOIN cases c ON c.pk = f.case_pk`
      ),
      // A rule's streak: the approvals without edits since its latest decision that was anything
      // else. Both queries walk the (rule, decided_at) index, so only the streak itself is read.
      lastBreak: q<{ at: number }>(
        `SELECT decided_at AS at FROM decision_facts WHERE rule = ? AND NOT (outcome = 'approve' AND edited_fields = '[]')
         ORDER BY decided_at DESC LIMIT 1`
      ),
      streak: q<{ streak: number; first: number | null; last: number | null; reviewers: number }>(
        `SELECT count(*) AS streak, min(decided_at) AS first, max(decided_at) AS last, count(DISTINCT reviewer) AS reviewers
         FROM decision_facts WHERE rule = ? AND decided_at > ?`
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
      ruleTimes: q<{ ms: number }>(`SELECT time_on_task_ms AS ms FROM decision_facts WHERE rule = ? AND decided_at >= ? ORDER BY ms`)
    }
  }

  report(autonomyThreshold = 50, now = Date.now()): InsightsReport {
    const total = this.statements.total.get()!.n
    const mixRows = this.statements.mix.all()
    const byRule = mixes(mixRows.filter((row) => row.rule !== null).map((row) => ({ key: row.rule!, class: row.class, n: row.n })))
    const pending = this.statements.pendingAges.all()
    const late = this.statements.late.get()!
    return {
      totalDecisions: total,
      overTime: this.statements.overTime.all(),
      byKind: mixes(mixRows.map((row) => ({ key: row.kind, class: row.class, n: row.n }))),
      byRule,
      editRate: total ? this.statements.edited.get()!.n / total : 0,
      correctedFields: this.statements.fields.all().map((row) => ({ ...row, share: row.total ? row.corrected / row.total : 0 })),
      timeOnTask: timeOnTask(this.statements.times.all()),
      queueAge: AGE_BUCKETS.map(([bucket, upper], index) => ({
        bucket,
        count: pending.filter((c) => {
          const age = now - c.created
          return age < upper && (index === 0 || age >= AGE_BUCKETS[index - 1]![1])
        }).length
      })),
      sla: { overdueNow: pending.filter((c) => c.due < now).length, decidedLate: late.late, decidedInTime: late.total - late.late },
      autonomyThreshold,
      autonomyCandidates: this.autonomyCandidates(byRule.map((mix) => mix.key), autonomyThreshold),
      needsWork: byRule
        .filter((mix) => mix.total >= MIN_DECISIONS_FOR_RATES)
        .map((mix) => ({ rule: mix.key, total: mix.total, editRate: mix.counts.edit / mix.total, rejectRate: mix.counts.reject / mix.total }))
        .sort((a, b) => b.editRate + b.rejectRate - (a.editRate + a.rejectRate))
        .slice(0, 10),
      claims: this.statements.claimWeeks.all({ reasons: JSON.stringify(CONFLICT_REASONS) })
    }
  }

  /** Rules whose latest `threshold` or more decisions were all approvals without edits. */
  private autonomyCandidates(rules: string[], threshold: number): InsightsReport['autonomyCandidates'] {
    return rules
      .map((rule) => ({ rule, since: this.statements.lastBreak.get(rule)?.at ?? -1 }))
      .map(({ rule, since }) => ({ rule, since, ...this.statements.streak.get(rule, since)! }))
      .filter((row) => row.streak >= threshold)
      .sort((a, b) => b.streak - a.streak)
      .map((row) => {
        const times = this.statements.ruleTimes.all(row.rule, row.first!).map((r) => r.ms)
        return {
          rule: row.rule,
          streak: row.streak,
          firstAt: new Date(row.first!).toISOString(),
          lastAt: new Date(row.last!).toISOString(),
          reviewers: row.reviewers,
          medianMs: times[Math.floor((times.length - 1) / 2)] ?? 0
        }
      })
  }

  /** The queue header: how much is pending, overdue, due within the hour, and the oldest age. */
  queueStats(now = Date.now()): QueueStats {
    const { oldest, ...counts } = this.statements.queueStats.get({ now })!
    return { ...counts, oldestCreatedAt: oldest === null ? null : new Date(oldest).toISOString() }
  }

}

/** Median and 90th percentile of sorted times (the value at floor(p·(n−1))). */
function timeOnTask(sorted: number[]): InsightsReport['timeOnTask'] {
  const at = (p: number) => sorted[Math.floor(p * (sorted.length - 1))] ?? 0
  return { medianMs: at(0.5), p90Ms: at(0.9) }
}

function mixes(rows: { key: string; class: OutcomeClass; n: number }[]): OutcomeMix[] {
  const byKey = new Map<string, OutcomeMix>()
  for (const row of rows) {
    const mix = byKey.get(row.key) ?? { key: row.key, total: 0, counts: Object.fromEntries(OUTCOME_CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number> }
    mix.counts[row.class] += row.n
    mix.total += row.n
    byKey.set(row.key, mix)
  }
  return [...byKey.values()].sort((a, b) => b.total - a.total)
}
