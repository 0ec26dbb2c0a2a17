import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { InsightsService } from '../../electron/services/insights/insights-service'
import { ReviewService } from '../../electron/services/review/review-service'
import { rejectReasonsFor } from '../../shared/domain/reject-reasons'
import { proposalText } from '../../shared/domain/proposal-text'
import type { OutcomeClass } from '../../shared/ipc/insight-views'
import { generateBundle } from '../fixtures/case-generator'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'
import { importIntoCache } from '../fixtures/cache-file'

// A generated set of decisions made through the real review service, and every insight
// recomputed here independently from what the test itself decided.

interface Made {
  kind: string
  rule: string | null
  workflow: string
  outcomeClass: OutcomeClass
  timeOnTaskMs: number
  editedFields: string[]
  decidedAt: number
}

let dir: ReturnType<typeof makeTempDir>
let services: AppServices
const made: Made[] = []
const start = Date.parse('2026-11-01T08:00:00Z')

beforeAll(async () => {
  dir = makeTempDir()
  importIntoCache(dir.path, generateBundle({ count: 300, seed: 61, workspace: { id: 'w', name: 'W' }, baseTime: new Date(start) }))
  services = openAppServices({ dataDir: dir.path, resourcesDir, reviewer: 'dana', appVersion: '1' })
  let clock = start
  const review = new ReviewService(services.repositories, { reviewer: 'dana', appVersion: '1', keys: services.keys, now: () => new Date(clock) })
  const rows = services.review.queuePage(0, 500).rows
  for (const [index, row] of rows.entries()) {
    const detail = services.review.caseDetail(row.casePk)
    const c = detail.reviewCase
    const timeOnTaskMs = 5_000 + ((index * 7919) % 60_000)
    clock += 90 * 60_000 // one decision every 90 minutes: spread over several days
    const openedAt = new Date(clock - timeOnTaskMs).toISOString()
    const base = { casePk: row.casePk, revision: c.revision, openedAt }
    const editable = proposalText(c).editableField
    // Merges are always approved as proposed: their rule should come out as an autonomy candidate.
    const pick = c.kind === 'record-merge' ? 0 : index % 7
    let outcomeClass: OutcomeClass
    let editedFields: string[] = []
    if (pick === 3 && editable) {
      await review.decide({ ...base, outcome: 'approve', editedValues: { [editable]: `${proposalText(c).text} (edited)` } })
      outcomeClass = 'edit'
      editedFields = [editable]
    } else if (pick === 4 && c.kind === 'field-verification') {
      await review.decide({ ...base, outcome: 'approve', editedValues: { 'fields.total': '0.00' } })
      outcomeClass = 'edit'
      editedFields = ['fields.total']
    } else if (pick === 5) {
      await review.decide({ ...base, outcome: 'reject', reasonCode: rejectReasonsFor(c)[0]!.code })
      outcomeClass = 'reject'
    } else if (pick === 6) {
      await review.decide({ ...base, outcome: 'reroute', rerouteTo: 'finance-ops' })
      outcomeClass = 'reroute'
    } else if (pick === 1 && c.options.length > 1) {
      // Another option than the recommended one: another category is a change of its label;
      // "Hold for the team lead" holds the action; an exception made a rule, not a one-off, goes ahead changed.
      const option = c.options.find((candidate) => !candidate.recommended)!
      await review.decide({ ...base, outcome: 'choose-option', optionId: option.id })
      outcomeClass = c.kind === 'classification' || option.effect?.actsOnProposal ? 'edit' : 'other'
      if (c.kind === 'classification') editedFields = ['label']
    } else if (pick === 2 && c.options.some((candidate) => candidate.recommended)) {
      await review.decide({ ...base, outcome: 'choose-option', optionId: c.options.find((candidate) => candidate.recommended)!.id })
      outcomeClass = 'approve'
    } else {
      await review.decide({ ...base, outcome: 'approve' })
      outcomeClass = 'approve'
    }
    made.push({ kind: c.kind, rule: c.pauseReason.rule ?? null, workflow: c.provenance.workflow.name, outcomeClass, timeOnTaskMs, editedFields, decidedAt: clock })
  }
})
afterAll(() => {
  services.close()
  dir.remove()
})

const countBy = <T>(items: T[], key: (item: T) => string | null) => {
  const counts = new Map<string, Map<OutcomeClass, number>>()
  for (const item of items) {
    const k = key(item)
    if (k === null) continue
    const inner = counts.get(k) ?? new Map<OutcomeClass, number>()
    inner.set((item as unknown as Made).outcomeClass, (inner.get((item as unknown as Made).outcomeClass) ?? 0) + 1)
    counts.set(k, inner)
  }
  return counts
}
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor(p * (values.length - 1))]!

describe('insights over the decision records', () => {
  it('match counts, rates, medians and candidates computed independently', () => {
    const report = new InsightsService(services.repositories.insights).report(50, start + 400 * 90 * 60_000)
    expect(report.totalDecisions).toBe(made.length)

    for (const [key, select] of [['byKind', (m: Made) => m.kind], ['byRule', (m: Made) => m.rule]] as const) {
      const expected = countBy(made, select)
      const actual = report[key]
      expect(actual.map((mix) => mix.key).sort()).toEqual([...expected.keys()].sort())
      for (const mix of actual) {
        for (const [outcome, n] of expected.get(mix.key)!) expect(mix.counts[outcome], `${key} ${mix.key} ${outcome}`).toBe(n)
        expect(mix.total).toBe([...expected.get(mix.key)!.values()].reduce((a, b) => a + b, 0))
      }
    }

    expect(report.editRate).toBeCloseTo(made.filter((m) => m.outcomeClass === 'edit').length / made.length, 10)
    // Every class occurs, choices of options among them: a count that ignored them would differ.
    expect(new Set(made.map((m) => m.outcomeClass))).toEqual(new Set(['approve', 'edit', 'reject', 'reroute', 'other']))
    const relabels = made.filter((m) => m.kind === 'classification' && m.editedFields.includes('label'))
    expect(relabels.length).toBeGreaterThan(0)
    expect(report.correctedFields.find((f) => f.kind === 'classification' && f.field === 'label')?.corrected).toBe(relabels.length)
    expect(report.timeOnTask.medianMs).toBe(percentile(made.map((m) => m.timeOnTaskMs), 0.5))
    expect(report.timeOnTask.p90Ms).toBe(percentile(made.map((m) => m.timeOnTaskMs), 0.9))

    const invoices = made.filter((m) => m.kind === 'field-verification')
    const totalFixes = report.correctedFields.find((f) => f.kind === 'field-verification' && f.field === 'fields.total')!
    expect(totalFixes.corrected).toBe(invoices.filter((m) => m.editedFields.includes('fields.total')).length)
    expect(totalFixes.share).toBeCloseTo(totalFixes.corrected / invoices.length, 10)

    const merges = made.filter((m) => m.kind === 'record-merge')
    expect(report.autonomyCandidates).toEqual([
      expect.objectContaining({ rule: 'MERGE-ACROSS-SYSTEMS', streak: merges.length, reviewers: 1, medianMs: percentile(merges.map((m) => m.timeOnTaskMs), 0.5) })
    ])
    expect(report.autonomyCandidates[0]!.firstAt).toBe(new Date(merges[0]!.decidedAt).toISOString())
    expect(merges.length).toBeGreaterThanOrEqual(50)

    const worst = report.needsWork[0]!
    const worstMade = made.filter((m) => m.rule === worst.rule)
    expect(worst.editRate).toBeCloseTo(worstMade.filter((m) => m.outcomeClass === 'edit').length / worstMade.length, 10)
    expect(worst.rejectRate).toBeCloseTo(worstMade.filter((m) => m.outcomeClass === 'reject').length / worstMade.length, 10)
    const days = new Set(made.map((m) => new Date(m.decidedAt).toISOString().slice(0, 10)))
    expect(report.overTime.map((d) => d.day)).toEqual([...days].sort())
    expect(report.overTime.reduce((sum, d) => sum + d.count, 0)).toBe(made.length)
  })

  it('lists no candidate when no rule’s streak reaches the threshold', () => {
    const report = new InsightsService(services.repositories.insights).report(made.filter((m) => m.kind === 'record-merge').length + 1)
    expect(report.autonomyCandidates).toEqual([])
  })
})

describe('insights count the workspaces the app shows', () => {
  it('decisions on the demo leave them when the first backend replaces the demo; the audit trail keeps them', async () => {
    const demoDir = makeTempDir()
    const app = openAppServices({ dataDir: demoDir.path, resourcesDir, reviewer: 'dana', appVersion: '1', undoGraceMs: 0, watchSla: false })
    try {
      const [row] = app.review.queuePage(0, 1).rows
      const c = app.review.caseDetail(row!.casePk).reviewCase
      await app.review.decide({ casePk: row!.casePk, revision: c.revision, openedAt: new Date().toISOString(), outcome: 'reject', reasonCode: rejectReasonsFor(c)[0]!.code })
      expect(app.insights.report().totalDecisions).toBe(1)

      const bundleFile = join(demoDir.path, 'team.json')
      writeFileSync(bundleFile, JSON.stringify(generateBundle({ count: 5, seed: 3, workspace: { id: 'team', name: 'Team' }, baseTime: new Date() })))
      await app.settings.save({ config: { id: 'team', kind: 'bundle', name: 'Team', path: bundleFile, syncIntervalSeconds: 3600 } })
      const report = app.insights.report()
      expect(report.totalDecisions).toBe(0)
      expect(report.byKind).toEqual([])
      expect(report.timeOnTask).toEqual({ medianMs: 0, p90Ms: 0 })
      expect(app.repositories.decisions.count()).toBe(1)
    } finally {
      app.close()
      demoDir.remove()
    }
  })
})
