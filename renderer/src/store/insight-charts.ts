import { OUTCOME_CLASSES, type InsightsReport, type OutcomeMix } from '../../../shared/ipc/insight-views'
import { countOf, plural } from '../../../shared/text/plural'
import { spelledOutHidden } from '../../../shared/text/hidden-characters'
import { isCaseKind, kindLabel } from '../../../shared/domain/kind-labels'

/** One chart of the insights screen, as data: drawn as bars, shown as a table, exported as CSV. */
export interface InsightChart {
  id: string
  title: string
  /**
   * One sentence saying what the chart shows, read by screen readers and shown under its title;
   * null when it would only repeat the empty state ("0 decisions over 0 days").
   */
  summary: string | null
  labels: string[]
  series: { name: string; values: number[] }[]
  stacked: boolean
  /** What the values count, written after each number on the value axis: '%' for shares, '' for counts. */
  unit: '' | '%'
  /** What the panel says instead of drawing axes when there is nothing to draw (see `isEmptyChart`). */
  empty: string
}

const NO_DECISIONS = 'No decisions recorded on this device yet.'

/** Nothing to draw: no labels, or every value zero. */
export function isEmptyChart(chart: InsightChart): boolean {
  return chart.series.every((series) => series.values.every((value) => value === 0))
}

/** Each outcome class as the charts name it (see `OutcomeClass`). */
const OUTCOME_NAMES = { approve: 'Approved as proposed', edit: 'Changed', reject: 'Rejected', reroute: 'Rerouted', other: 'Held, deferred or asked' } as const

/** `label` names a mix's key as the reviewer reads it elsewhere (a kind as its chip says it). */
function mixChart(id: string, title: string, mixes: OutcomeMix[], what: string, empty: string, label: (key: string) => string = (key) => key): InsightChart {
  const total = mixes.reduce((sum, mix) => sum + mix.total, 0)
  return {
    id,
    title,
    summary: total > 0 ? `Outcomes of ${countOf(total, 'decision')} by ${what}.` : null,
    labels: mixes.map((mix) => label(mix.key)),
    series: OUTCOME_CLASSES.map((outcome) => ({ name: OUTCOME_NAMES[outcome], values: mixes.map((mix) => mix.counts[outcome]) })),
    stacked: true,
    unit: '',
    empty
  }
}

export function insightCharts(report: InsightsReport): InsightChart[] {
  return [
    {
      id: 'decisions-over-time',
      title: 'Decisions over time',
      summary: report.totalDecisions > 0 ? `${countOf(report.totalDecisions, 'decision')} over ${countOf(report.overTime.length, 'day')}.` : null,
      labels: report.overTime.map((day) => day.day),
      series: [{ name: 'Decisions', values: report.overTime.map((day) => day.count) }],
      stacked: false,
      unit: '',
      empty: NO_DECISIONS
    },
    mixChart('outcomes-by-kind', 'Outcomes by decision kind', report.byKind, 'kind', NO_DECISIONS, (kind) => (isCaseKind(kind) ? kindLabel(kind) : kind)),
    // Only cases paused by a policy rule count here; low confidence, a risk class or an exception name none.
    mixChart(
      'outcomes-by-rule',
      'Outcomes by policy rule',
      report.byRule,
      'the policy rule that paused the case',
      report.totalDecisions > 0 ? 'No decision yet on a case a policy rule paused.' : NO_DECISIONS
    ),
    {
      id: 'corrected-fields',
      title: 'Fields reviewers correct most',
      // Two denominators, each named: the change rate is over all decisions, a bar over its workflow's.
      summary:
        report.totalDecisions > 0
          ? `Each bar: the share of its workflow’s decisions that corrected the field. ${Math.round(report.editRate * 100)}% of all decisions changed the proposal.`
          : null,
      labels: report.correctedFields.map((field) => `${field.workflow}: ${field.field}`),
      // Three significant digits: a field corrected once in 2,001 cases is 0.05 %, not 0.0.
      series: [{ name: 'Share of cases corrected (%)', values: report.correctedFields.map((field) => Number((field.share * 100).toPrecision(3))) }],
      stacked: false,
      unit: '%',
      empty: 'No field has been corrected yet.'
    },
    {
      id: 'queue-age',
      title: 'Age of pending cases',
      summary:
        `${countOf(report.sla.overdueNow, 'pending case')} ${plural(report.sla.overdueNow, 'is', 'are')} overdue; ` +
        `${countOf(report.sla.decidedLate, 'decision')} came after ${plural(report.sla.decidedLate, 'its', 'their')} due time, ${report.sla.decidedInTime} in time.`,
      labels: report.queueAge.map((bucket) => bucket.bucket),
      series: [{ name: 'Pending cases', values: report.queueAge.map((bucket) => bucket.count) }],
      stacked: false,
      unit: '',
      empty: 'No cases are pending.'
    },
    claimsChart(report.claims)
  ]
}

function claimsChart(weeks: InsightsReport['claims']): InsightChart {
  const sum = (key: 'conflictsAvoided' | 'workLost') => weeks.reduce((total, week) => total + week[key], 0)
  return {
    id: 'claims',
    title: 'Conflicts on shared cases, by week',
    summary:
      sum('conflictsAvoided') + sum('workLost') > 0
        ? `Claims showed a colleague already on the case ${countOf(sum('conflictsAvoided'), 'time')}; ` +
          `${countOf(sum('workLost'), 'decision')} ${plural(sum('workLost'), 'was', 'were')} not applied because the case had moved on.`
        : null,
    labels: weeks.map((week) => `week of ${week.week}`),
    series: [
      { name: 'Conflicts avoided', values: weeks.map((week) => week.conflictsAvoided) },
      { name: 'Decisions lost to conflicts', values: weeks.map((week) => week.workLost) }
    ],
    stacked: false,
    unit: '',
    empty: 'No conflicts on shared cases yet.'
  }
}

/** What a spreadsheet reads as the start of a formula in a cell (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * RFC 4180 CSV: a header row, then one row per label. Every text cell is quoted, so it stays one
 * cell whatever the spreadsheet splits on (Excel in most of Europe splits a .csv on `;`, LibreOffice
 * on tab too: an unquoted rule `x;=cmd|…` was a formula cell there); hidden characters are spelled
 * out as on the chart (`⟨ZWSP⟩`, `⟨RLO⟩`), so look-alike rules stay apart and an override cannot
 * reverse a rule's name; and a cell that a spreadsheet would run as a formula (a policy rule
 * `=HYPERLINK(…)` from a case) starts with an apostrophe, as OWASP advises, so it is shown as text.
 * The exact text is in the case and the audit log, not in this summary.
 */
export function chartCsv(chart: InsightChart): string {
  const text = (value: string) => {
    const shown = spelledOutHidden(value)
    return `"${(FORMULA_START.test(shown) ? `'${shown}` : shown).replace(/"/g, '""')}"`
  }
  const rows = [['', ...chart.series.map((series) => text(series.name))], ...chart.labels.map((label, index) => [text(label), ...chart.series.map((series) => String(series.values[index]!))])]
  return rows.map((row) => row.join(',')).join('\r\n') + '\r\n'
}
