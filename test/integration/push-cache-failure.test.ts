import Database from 'better-sqlite3'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { DATABASE_FILE, type AppServices } from '../../electron/services/app-services'
import { generateCases } from '../fixtures/case-generator'
import { teamQueue, waitFor } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

// A push whose answer cannot be written to the cache (another process, such as the desktop app
// open on the same data directory, holds its write lock; a full disk) must not end the process:
// pushes run from timers and after each decision, where a rejection is unhandled and Node ends
// the web host. The failure is said in the backend's status, and the decision is sent again.

const suite = withReviewApi(undefined, { per: 'file' })
let services: AppServices

beforeAll(async () => {
  services = (await suite.start(generateCases({ count: 2, seed: 5, baseTime: new Date() }))).app
})

it('a push answered while another process holds the cache fails into the status, and the decision is delivered once it is free', async () => {
  const [row] = teamQueue(services)
  // SQLite's answer when the lock stays held past busy_timeout, without waiting 5 s for it.
  services.db.pragma('busy_timeout = 0')
  const other = new Database(join(suite.dir, 'app', DATABASE_FILE))
  try {
    await suite.backend.close() // the decision waits in the outbox
    await services.review.decide({ casePk: row!.casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString() })
    await waitFor(() => services.sync.status()[0]!.state, (state) => state === 'offline')
    const backend = await suite.restartBackend()
    other.exec('BEGIN IMMEDIATE')
    // The push timer's retry (within 1 s): the backend applies the decision; its answer cannot be written.
    await waitFor(() => backend.store.decisions().length, (count) => count === 1)
    const status = await waitFor(() => services.sync.status()[0]!, (now) => now.state === 'error')
    expect(status).toMatchObject({ pendingPushes: 1 })
    expect(status.lastError).toMatch(/^Decisions could not be sent: database is locked/)
    // Another decision's push while pushing is held proves nothing: the failure stays said.
    services.sync.decisionRecorded('team')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(services.sync.status()[0]).toMatchObject({ state: 'error', lastError: status.lastError })
    // A sync asked for meanwhile fails the same way, and says so instead of throwing.
    await expect(services.sync.syncNow()).resolves.toBeUndefined()
    expect(services.sync.status()[0]!.state).toBe('error')
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK')
    other.close()
    services.db.pragma('busy_timeout = 5000')
  }
  // Sent again, the backend answers it as a duplicate: delivered, and the failure is over.
  await services.sync.syncNow()
  const status = services.sync.status()[0]!
  expect(status).toMatchObject({ state: 'idle', lastError: null, pendingPushes: 0, undelivered: 0 })
  expect(suite.backend.store.decisions().map((decision) => decision.result.status)).toEqual(['accepted'])
})

it('a pull whose failure cannot be recorded (the cache failing to read) is said in the status, and the next pull recovers', async () => {
  const { cursors, quarantine } = services.repositories
  // SQLite's own error, where a real disk would raise it: reading the cursor, then the count of refused cases.
  const ioError = () => new Database.SqliteError('disk I/O error', 'SQLITE_IOERR')
  const read = { cursor: cursors.get.bind(cursors), count: quarantine.count.bind(quarantine) }
  cursors.get = () => {
    throw ioError()
  }
  quarantine.count = () => {
    throw ioError()
  }
  try {
    await expect(services.sync.syncNow()).resolves.toBeUndefined()
    expect(services.sync.status()[0]).toMatchObject({ state: 'error', lastError: 'Sync failed: disk I/O error' })
  } finally {
    cursors.get = read.cursor
    quarantine.count = read.count
  }
  await services.sync.syncNow()
  expect(services.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
})
