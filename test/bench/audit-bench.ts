import { readFileSync } from 'node:fs'
import { openAppServices } from '../../electron/services/app-services'
import { verifyAuditLog } from '../../shared/audit/audit-log'
import { generateBundle } from '../fixtures/case-generator'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { log, type BenchContext, type Figures } from './context'
import { elapsedMs, percentile, round } from './measure'
import { importIntoCache } from '../fixtures/cache-file'

const RECORDS = 10_000

/** Signing and committing decisions, and verifying an exported log of 10,000 of them. */
export async function auditBench(context: BenchContext, figures: Figures): Promise<void> {
  const dataDir = context.tempDir()
  importIntoCache(dataDir, generateBundle({ count: RECORDS, seed: 91, workspace: { id: 'bench', name: 'Bench' } }))
  const services = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: 'bench' })
  await services.keys.activeKey()

  log(`${RECORDS} signed decisions, each timed from the decide call to its commit`)
  const samples: number[] = []
  const openedAt = new Date().toISOString()
  for (let offset = 0; offset < RECORDS; offset += 500) {
    for (const row of services.review.queuePage(0, 500).rows) {
      const start = process.hrtime.bigint()
      await services.review.decide({ casePk: row.casePk, revision: 1, outcome: 'approve', openedAt })
      samples.push(elapsedMs(start))
    }
  }
  figures['decision_commit_p50_ms'] = percentile(samples, 50)
  figures['decision_commit_p95_ms'] = percentile(samples, 95)

  log(`verify an exported log of ${RECORDS} records`)
  const exported = await services.exports.exportAuditLog()
  services.close()
  const text = readFileSync(exported!.file, 'utf8')
  const start = process.hrtime.bigint()
  const result = await verifyAuditLog(text)
  figures['audit_verify_10k_ms'] = round(elapsedMs(start))
  if (!result.ok || result.count !== RECORDS) throw new Error(`verification failed: ${JSON.stringify(result)}`)
}
