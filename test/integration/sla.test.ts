import { afterEach, beforeEach, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DATABASE_FILE, openAppServices, type AppServices } from '../../electron/services/app-services'
import { openDatabase } from '../../electron/services/db/connection'
import { openRepositories } from '../../electron/services/db/repositories'
import { SlaWatcher } from '../../electron/services/sla/sla-watcher'
import type { SlaWarning } from '../../shared/ipc/events'
import { generateBundle } from '../fixtures/case-generator'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'
import { importIntoCache } from '../fixtures/cache-file'

let dir: ReturnType<typeof makeTempDir>
let services: AppServices
const now = Date.now()
const minutes = (n: number) => new Date(now + n * 60_000).toISOString()

beforeEach(() => {
  dir = makeTempDir()
  const bundle = generateBundle({ count: 3, seed: 71, idPrefix: 'sla', workspace: { id: 'w', name: 'W' } })
  const [nearing, decided, later] = bundle.cases
  nearing!.ownership.dueAt = minutes(10)
  decided!.ownership.dueAt = minutes(12)
  later!.ownership.dueAt = minutes(300)
  importIntoCache(dir.path, bundle)
  services = openAppServices({ dataDir: dir.path, resourcesDir, reviewer: 'dana', appVersion: '1', watchSla: false })
})
afterEach(() => {
  services.close()
  dir.remove()
})

it('warns once about a case nearing its due time, never about one already decided', async () => {
  const byId = new Map(services.review.queuePage(0, 10).rows.map((row) => [row.caseId, row]))
  const decided = byId.get('sla-00002')!
  await services.review.decide({ casePk: decided.casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString() })

  const warned: SlaWarning[][] = []
  let clock = now
  const watcher = new SlaWatcher(services.repositories, (warnings) => warned.push(warnings), () => clock)
  expect(watcher.leadMinutes()).toBe(30)
  expect(watcher.check().map((w) => w.title)).toEqual([byId.get('sla-00001')!.title])
  expect(watcher.check()).toEqual([])
  // The queue header lists the warned case while it is pending, so the window stops showing it once decided.
  const warnedCase = byId.get('sla-00001')!
  expect(services.insights.queueStats(now).warnedPending).toEqual([warnedCase.casePk])
  await services.review.decide({ casePk: warnedCase.casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString() })
  expect(services.insights.queueStats(now).warnedPending).toEqual([])
  await services.review.undoLast()
  expect(services.insights.queueStats(now).warnedPending).toEqual([warnedCase.casePk])
  clock = now + 11 * 60_000 // the first is overdue now, the decided one would be due in a minute
  expect(watcher.check()).toEqual([])
  clock = now + 275 * 60_000 // 25 minutes before the third is due
  expect(watcher.check().map((w) => w.casePk)).toEqual([byId.get('sla-00003')!.casePk])
  expect(warned.flat()).toHaveLength(2)

  // A restart does not warn again: the warnings given are remembered.
  const again = new SlaWatcher(services.repositories, () => {}, () => clock)
  expect(again.check()).toEqual([])
})

it('takes its lead time from the reviewer’s preference', () => {
  const warned: SlaWarning[] = []
  const watcher = new SlaWatcher(services.repositories, (warnings) => warned.push(...warnings), () => now)
  expect(watcher.check()).toHaveLength(2) // due in 10 and 12 minutes; the third is hours away
  watcher.setLeadMinutes(360) // checks again at once: the third is now within the lead time
  expect(warned).toHaveLength(3)
  // Each names its case's workspace, so the window shows it only while that workspace is shown.
  expect(warned.map((warning) => warning.workspaceId)).toEqual(['w', 'w', 'w'])
  expect(new SlaWatcher(services.repositories, () => {}).leadMinutes()).toBe(360)
})

it('writes nothing while no case nears its due time, so another writer on the cache never holds a check up', () => {
  // Another process in the middle of a write: a check that took the write lock would wait for it
  // (busy_timeout) and then fail with SQLITE_BUSY.
  const other = new Database(join(dir.path, DATABASE_FILE))
  other.exec('BEGIN IMMEDIATE')
  try {
    const watcher = new SlaWatcher(services.repositories, () => {}, () => now + 400 * 60_000) // every case overdue
    expect(watcher.check()).toEqual([])
  } finally {
    other.exec('ROLLBACK')
    other.close()
  }
  expect(new SlaWatcher(services.repositories, () => {}, () => now).check()).toHaveLength(2)
})

it('reports a periodic check that fails, instead of throwing from its timer, and checks again later', () => {
  // Its own connection that does not wait for a lock: another process holds the write lock.
  const db = openDatabase(join(dir.path, DATABASE_FILE))
  db.pragma('busy_timeout = 0')
  const other = new Database(join(dir.path, DATABASE_FILE))
  other.exec('BEGIN IMMEDIATE')
  const errors: Error[] = []
  const watcher = new SlaWatcher(openRepositories(db), () => {}, () => now)
  try {
    watcher.start((error) => errors.push(error))
    expect(errors.map((error) => (error as { code?: string }).code)).toEqual(['SQLITE_BUSY'])
  } finally {
    watcher.stop()
    other.exec('ROLLBACK')
    other.close()
  }
  expect(watcher.check()).toHaveLength(2) // the two cases due within the lead time, once the lock is free
  db.close()
})
