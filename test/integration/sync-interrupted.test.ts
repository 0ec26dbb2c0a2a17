import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { DATABASE_FILE, openAppServices } from '../../electron/services/app-services'
import { caseSchema } from '../../shared/domain/case'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { newToken, openWithBackend, resourcesDir, REVIEWER, startBackend, waitFor } from '../fixtures/sync-fixtures'

const CASES = 3000
const appProcess = join(__dirname, 'app-process.ts')
let dir: ReturnType<typeof makeTempDir>
let backend: ReferenceBackend
const dataDir = () => join(dir.path, 'app')

beforeEach(() => {
  dir = makeTempDir()
})
afterEach(async () => {
  await backend?.close()
  dir.remove()
})

interface CachedRow {
  id: string
  revision: number
  title: string
  body: string
  content_hash: string
}

/** The team workspace's cached cases, read from the SQLite file by a connection of the test's own. */
function cachedCases(): CachedRow[] {
  const db = new Database(join(dataDir(), DATABASE_FILE), { readonly: true })
  try {
    return db.prepare<[], CachedRow>(`SELECT id, revision, title, body, content_hash FROM cases WHERE workspace_id = 'team'`).all()
  } catch {
    return [] // not created yet
  } finally {
    db.close()
  }
}

/** Every cached case is whole: its body is the backend's case, its hash is the body's, its columns agree with it. */
function expectEveryCaseWhole(rows: readonly CachedRow[]): void {
  for (const row of rows) {
    const served = backend.store.getCase(row.id)
    expect(served, row.id).toBeDefined()
    expect(JSON.parse(row.body), row.id).toEqual(caseSchema.parse(served!.case))
    expect(row.content_hash, row.id).toBe(createHash('sha256').update(row.body).digest('hex'))
    expect({ revision: row.revision, title: row.title }, row.id).toEqual({ revision: served!.revision, title: served!.case.title })
  }
}

it('stores every case whole or not at all when the app quits or is killed in the middle of a pull, and the next sync brings the rest', async () => {
  const token = newToken()
  backend = await startBackend(dir.path, token)
  backend.store.putCases(generateCases({ count: CASES, seed: 31, baseTime: new Date() }), REVIEWER)

  // The app quits (its services close) while the first pull is storing cases.
  const services = await openWithBackend(dataDir(), backend, token)
  const beforeQuit = await waitFor(cachedCases, (rows) => rows.length > 0, 30_000)
  services.close()
  const afterQuit = cachedCases()
  expect(afterQuit.length).toBeGreaterThanOrEqual(beforeQuit.length)
  expect(afterQuit.length).toBeLessThan(CASES)
  expectEveryCaseWhole(afterQuit)

  // The app is killed (SIGKILL: no chance to close anything) while the next pull is storing cases.
  const child = spawn(process.execPath, ['--import', 'tsx', appProcess, dataDir(), 'sync'], { stdio: ['ignore', 'ignore', 'inherit'] })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    await waitFor(cachedCases, (rows) => rows.length > afterQuit.length, 30_000)
  } finally {
    child.kill('SIGKILL')
  }
  expect(await exited).toBeNull() // killed, not finished
  const afterKill = cachedCases()
  expect(afterKill.length).toBeGreaterThan(afterQuit.length)
  expect(afterKill.length).toBeLessThan(CASES)
  expectEveryCaseWhole(afterKill)

  // Reopened, the next sync brings every case, each whole.
  const reopened = openAppServices({ dataDir: dataDir(), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0 })
  try {
    await reopened.sync.syncNow()
    expect(reopened.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
  } finally {
    reopened.close()
  }
  const final = cachedCases()
  expect(final).toHaveLength(CASES)
  expectEveryCaseWhole(final)
}, 120_000)
