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
      byKind: q<{ key: string; class: OutcomeClass; n: number }>(`SELECT kind AS key, ${OUTCOME_CLASS_SQL} AS class, count(*) AS n FROM decision_facts GROUP BY key, class`),
      byRule: q<{ key: string; class: OutcomeClass; n: number }>(
        `SELECT rule AS key, ${OUTCOME_CLASS_SQL} AS class, count(*) AS n FROM decision_facts WHERE rule IS NOT NULL GROUP BY key, class`
      ),
      edited: q<{ n: number }>(`SELECT count(*) AS n FROM decision_facts WHERE edited_fields != '[]'`),
      fields: q<{ workflow: string; kind: string; field: string; corrected: number; total: number }>(
        `SELECT f.workflow, f.kind, e.value AS field, count(*) AS corrected,
           (SELECT count(*) FROM decision_facts t WHERE t.workflow = f.workflow AND t.kind = f.kind) AS total
         FROM decision_facts f, json_each(f.edited_fields) e
         GROUP BY f.workflow, f.kind, e.value ORDER BY corrected DESC LIMIT 10`
      ),
      timeAt: q<{ ms: number }>('SELECT time_on_task_ms AS ms FROM decision_facts ORDER BY time_on_task_ms LIMIT 1 OFFSET ?'),
      pendingAges: q<{ created: number; due: number }>(
        `SELECT CAST(unixepoch(json_extract(c.body, '$.ownership.createdAt'), 'subsec') * 1000 AS INTEGER) AS created, c.due_at AS due
         FROM cases c JOIN workspaces w ON w.id = c.workspace_id WHERE c.state = 'pending' AND w.removed_at IS NULL`
      ),
      late: q<{ late: number; total: number }>(
        `SELECT coalesce(sum(f.decided_at > c.due_at), 0) AS late, count(*) AS total FROM decision_facts f JOIN cases c ON c.pk = f.case_pk`
      ),
      // Per rule: the approvals-without-edits since the latest decision that was anything else.
      streaks: q<{ rule: string; streak: number; first: number; last: number; reviewers: number }>(
        `SELECT f.rule, count(*) AS streak, min(f.decided_at) AS first, max(f.decided_at) AS last, count(DISTINCT f.reviewer) AS reviewers
         FROM decision_facts f
         WHERE f.rule IS NOT NULL AND f.outcome = 'approve' AND f.edited_fields = '[]'
           AND f.decided_at > coalesce((SELECT max(b.decided_at) FROM decision_facts b
                                        WHERE b.rule = f.rule AND NOT (b.outcome = 'approve' AND b.edited_fields = '[]')), -1)
         GROUP BY f.rule HAVING streak >= ? ORDER BY streak DESC`
      ),
      ruleTimes: q<{ ms: number }>(`SELECT time_on_task_ms AS ms FROM decision_facts WHERE rule = ? AND decided_at >= ? ORDER BY ms`)
    }
  }

  report(autonomyThreshold = 50, now = Date.now()): InsightsReport {
    const total = this.statements.total.get()!.n
    const byRule = mixes(this.statements.byRule.all())
    const pending = this.statements.pendingAges.all()
    const late = this.statements.late.get()!
    return {
      totalDecisions: total,
      overTime: this.statements.overTime.all(),
      byKind: mixes(this.statements.byKind.all()),
      byRule,
      editRate: total ? this.statements.edited.get()!.n / total : 0,
      correctedFields: this.statements.fields.all().map((row) => ({ ...row, share: row.total ? row.corrected / row.total : 0 })),
      timeOnTask: { medianMs: this.percentileMs(total, 0.5), p90Ms: this.percentileMs(total, 0.9) },
      queueAge: AGE_BUCKETS.map(([bucket, upper], index) => ({
        bucket,
        count: pending.filter((c) => {
          const age = now - c.created
          return age < upper && (index === 0 || age >= AGE_BUCKETS[index - 1]![1])
        }).length
      })),
      sla: { overdueNow: pending.filter((c) => c.due < now).length, decidedLate: late.late, decidedInTime: late.total - late.late },
      autonomyThreshold,
      autonomyCandidates: this.statements.streaks.all(autonomyThreshold).map((row) => {
        const times = this.statements.ruleTimes.all(row.rule, row.first).map((r) => r.ms)
        return {
          rule: row.rule,
          streak: row.streak,
          firstAt: new Date(row.first).toISOString(),
          lastAt: new Date(row.last).toISOString(),
          reviewers: row.reviewers,
          medianMs: times[Math.floor((times.length - 1) / 2)] ?? 0
        }
      }),
      needsWork: byRule
        .filter((mix) => mix.total >= MIN_DECISIONS_FOR_RATES)
        .map((mix) => ({ rule: mix.key, total: mix.total, editRate: mix.counts.edit / mix.total, rejectRate: mix.counts.reject / mix.total }))
        .sort((a, b) => b.editRate + b.rejectRate - (a.editRate + a.rejectRate))
        .slice(0, 10)
    }
  }

  /** The queue header: how much is pending, overdue, due within the hour, and the oldest age. */
  queueStats(now = Date.now()): QueueStats {
    const pending = this.statements.pendingAges.all()
    const oldest = pending.reduce<number | null>((min, c) => (min === null || c.created < min ? c.created : min), null)
    return {
      pending: pending.length,
      overdue: pending.filter((c) => c.due < now).length,
      dueWithinHour: pending.filter((c) => c.due >= now && c.due < now + 3_600_000).length,
      oldestCreatedAt: oldest === null ? null : new Date(oldest).toISOString()
    }
  }

  private percentileMs(total: number, p: number): number {
    if (total === 0) return 0
    return this.statements.timeAt.get(Math.min(total - 1, Math.floor(p * (total - 1))))!.ms
  }
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
