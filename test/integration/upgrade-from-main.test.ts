import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE, openAppServices, type AppServices } from '../../electron/services/app-services'
import { MIGRATIONS } from '../../electron/services/db/migrations'
import { memorySecretStore } from '../../electron/services/secrets/secret-store'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// A cache written by the previous release's code (main, schema 10; see the fixture's header) must
// open with the repositories of today, read the same facts, and go on recording decisions.

const FIXTURE = join(__dirname, '../fixtures/databases/main-schema-10.sql')
let dir: ReturnType<typeof makeTempDir>
let services: AppServices

beforeEach(() => {
  dir = makeTempDir('countersign-upgrade-')
  const db = new Database(join(dir.path, DATABASE_FILE))
  // The dump creates tables in name order, before the tables they reference.
  db.pragma('foreign_keys = OFF')
  db.exec(readFileSync(FIXTURE, 'utf8'))
  db.pragma('user_version = 10')
  db.close()
  services = openAppServices({ dataDir: dir.path, resourcesDir, reviewer: 'dana', appVersion: '0.2.0-test', secrets: memorySecretStore(), watchSla: false })
})
afterEach(() => {
  services.close()
  dir.remove()
})

describe('a cache made by main (schema version 10)', () => {
  it('opens at the newest schema, its decisions and signatures intact', async () => {
    expect(services.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    const audit = services.audit.page(0, 50)
    expect(audit.total).toBe(7)
    expect(audit.items.map((item) => item.outcome)).toEqual(['approve', 'retract', 'reroute', 'needs-info', 'defer', 'approve', 'approve'])
    expect(audit.items.find((item) => item.outcome === 'retract')!.delivery).toBeNull()
    expect(audit.items.find((item) => item.outcome === 'reroute')!.delivery).toBe('retracted')
    await expect(services.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 7 })
    const history = await services.audit.caseHistory(audit.items.at(-1)!.casePk)
    expect(history.entries).toEqual([expect.objectContaining({ delivery: 'local', signature: expect.objectContaining({ status: 'valid' }) })])
    // Main's run key was retired when it closed; with secrets in memory this run makes its own.
    const [mains, runs] = services.keys.publicKeys()
    expect(mains!.retiredAt).toEqual(expect.any(String))
    expect(runs).toMatchObject({ retiredAt: null })
  })

  it('reads the queue, its header and insights with one definition of pending', () => {
    const { counts } = services.review.summary()
    expect(counts.decided).toBe(3)
    expect(services.review.queuePage(0, 500).total).toBe(counts.pending)
    expect(services.insights.queueStats().pending).toBe(counts.pending)
    const report = services.insights.report()
    // The reroute was undone: it no longer counts.
    expect(report.totalDecisions).toBe(5)
    expect(report.queueAge.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(counts.pending)
    expect(services.undelivered.list()).toEqual([])
  })

  it('keeps the SLA lead and the warnings already given, and records new decisions on the same chain', async () => {
    expect(services.sla.leadMinutes()).toBe(240)
    const warned = services.sla.check().map((warning) => warning.casePk)
    const before = services.audit.page(0, 1).items[0]!
    const row = services.review.queuePage(0, 1).rows[0]!
    const detail = services.review.caseDetail(row.casePk)
    await services.review.decide({ casePk: row.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })
    const latest = (await services.audit.caseHistory(row.casePk)).entries.at(-1)
    expect(latest!.record.prevHash).toBe((await services.audit.caseHistory(before.casePk)).entries.at(-1)!.recordHash)
    await expect(services.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 8 })
    // The two cases main warned about are not warned about again.
    expect(services.sla.check()).toEqual([])
    expect(warned).toHaveLength(new Set(warned).size)
  })
})
