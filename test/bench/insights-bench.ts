import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { importBundle } from '../../electron/services/backends/bundle/import-bundle'
import { openDatabase } from '../../electron/services/db/connection'
import { InsightsService } from '../../electron/services/insights/insights-service'
import { generateBundle } from '../fixtures/case-generator'
import { log, type BenchContext, type Figures } from './context'
import { elapsedMs, round } from './measure'
import { openRepositories } from '../../electron/services/db/repositories'

const RECORDS = 100_000
const OUTCOMES = ['approve', 'approve', 'approve', 'approve-with-edits', 'reject', 'reroute', 'defer']
const RULES = ['REFUND-OVER-300', 'CUSTOMER-FACING-COMPENSATION', 'NEW-VENDOR-IBAN', 'MERGE-ACROSS-SYSTEMS', 'RP-4.1', null]

/**
 * Every insight over 100,000 decisions. The decisions' facts rows are written directly (signing
 * 100,000 records would measure signing, not insights); the aggregation is the real service.
 */
export async function insightsBench(context: BenchContext, figures: Figures): Promise<void> {
  log(`insights over ${RECORDS} decision records`)
  const db = openDatabase(join(context.tempDir(), DATABASE_FILE))
  importBundle(openRepositories(db), JSON.stringify(generateBundle({ count: 2000, seed: 81, workspace: { id: 'w', name: 'W' }, baseTime: new Date() })))
  const casePks = db.prepare<[], { pk: number }>('SELECT pk FROM cases').all().map((row) => row.pk)
  const decision = db.prepare(`INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash) VALUES (?, ?, ?, '', '{}', ?, NULL)`)
  const fact = db.prepare(
    `INSERT INTO decision_facts (decision_id, case_pk, kind, workflow, rule, outcome, reviewer, decided_at, time_on_task_ms, edited_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const start = Date.now() - 90 * 86_400_000
  db.transaction(() => {
    for (let i = 0; i < RECORDS; i++) {
      const id = randomUUID()
      const casePk = casePks[i % casePks.length]!
      const outcome = OUTCOMES[i % OUTCOMES.length]!
      decision.run(id, casePk, outcome, id)
      const edited = outcome === 'approve-with-edits' ? (i % 2 ? '["fields.total"]' : '["text"]') : '[]'
      fact.run(id, casePk, 'field-verification', 'accounts-payable', RULES[i % RULES.length], outcome, `reviewer-${i % 12}`, start + i * 77_000, 2_000 + (i % 90_000), edited)
    }
  })()
  const insights = new InsightsService(openRepositories(db).insights)
  insights.report() // warm-up: statement preparation and page cache
  const samples: number[] = []
  for (let run = 0; run < 5; run++) {
    const t = process.hrtime.bigint()
    const report = insights.report()
    samples.push(elapsedMs(t))
    if (report.totalDecisions !== RECORDS) throw new Error('insights counted the wrong number of decisions')
  }
  figures['insights_100k_ms'] = round(samples.sort((a, b) => a - b)[2]!)
  db.close()
}
