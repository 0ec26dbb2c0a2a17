import { CONFLICT_REASONS } from '../../../shared/review-api/protocol'
import { OUTCOME_CLASSES, type InsightsReport, type OutcomeClass, type OutcomeMix, type QueueStats } from '../../../shared/ipc/insight-views'
import type { InsightsRepository } from '../db/repositories/insights-repository'

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
  constructor(private readonly insights: InsightsRepository) {}

  report(autonomyThreshold = 50, now = Date.now()): InsightsReport {
    const total = this.insights.decisionCount()
    const mixRows = this.insights.outcomeMix()
    const byRule = mixes(mixRows.filter((row) => row.rule !== null).map((row) => ({ key: row.rule!, class: row.class, n: row.n })))
    const pending = this.insights.pendingTimes(now)
    const late = this.insights.lateness()
    return {
      totalDecisions: total,
      overTime: this.insights.decisionsPerDay(),
      byKind: mixes(mixRows.map((row) => ({ key: row.kind, class: row.class, n: row.n }))),
      byRule,
      editRate: total ? this.insights.changedCount() / total : 0,
      correctedFields: this.insights.correctedFields().map((row) => ({ ...row, share: row.total ? row.corrected / row.total : 0 })),
      timeOnTask: timeOnTask(this.insights.timesOnTask()),
      queueAge: AGE_BUCKETS.map(([bucket, upper], index) => ({
        bucket,
        count: pending.filter((c) => {
          const age = now - c.createdAt
          return age < upper && (index === 0 || age >= AGE_BUCKETS[index - 1]![1])
        }).length
      })),
      sla: { overdueNow: pending.filter((c) => c.dueAt < now).length, decidedLate: late.late, decidedInTime: late.total - late.late },
      autonomyThreshold,
      autonomyCandidates: this.autonomyCandidates(byRule.map((mix) => mix.key), autonomyThreshold),
      needsWork: byRule
        .filter((mix) => mix.total >= MIN_DECISIONS_FOR_RATES)
        .map((mix) => ({ rule: mix.key, total: mix.total, editRate: mix.counts.edit / mix.total, rejectRate: mix.counts.reject / mix.total }))
        .sort((a, b) => b.editRate + b.rejectRate - (a.editRate + a.rejectRate))
        .slice(0, 10),
      claims: this.insights.claimWeeks(CONFLICT_REASONS)
    }
  }

  /** Rules whose latest `threshold` or more decisions were all approvals without edits. */
  private autonomyCandidates(rules: string[], threshold: number): InsightsReport['autonomyCandidates'] {
    return rules
      .map((rule) => ({ rule, since: this.insights.lastStreakBreak(rule) ?? -1 }))
      .map(({ rule, since }) => ({ rule, since, ...this.insights.streakSince(rule, since) }))
      .filter((row) => row.streak >= threshold)
      .sort((a, b) => b.streak - a.streak)
      .map((row) => {
        const times = this.insights.ruleTimes(row.rule, row.first!)
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
    const { oldestCreatedAt, ...counts } = this.insights.queueStats(now)
    return { ...counts, oldestCreatedAt: oldestCreatedAt === null ? null : new Date(oldestCreatedAt).toISOString() }
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
