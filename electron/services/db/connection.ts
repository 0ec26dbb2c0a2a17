import Database from 'better-sqlite3'
import { chmodSync, closeSync, openSync } from 'node:fs'
import { MIGRATIONS, type Migration } from './migrations'

export type Db = Database.Database

/**
 * Pauses (ms) before each new try at opening when another process held the file in a way SQLite
 * does not wait for (SQLITE_BUSY past busy_timeout, which SQLite returns at once where waiting
 * could deadlock): two instances starting at the same moment on a fresh data directory met it,
 * about once in fifteen opens (attack 24's race test, CI run 34).
 */
const BUSY_RETRY_PAUSES_MS = [50, 100, 200, 400, 800] as const

/** The size the WAL file is cut back to once it has been copied into the database (SQLite's journal_size_limit). */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024

/**
 * Opens (creating if needed) the cache database and brings its schema up to date. A file that
 * cannot be opened or written (its folder missing or read-only, the disk full) throws an error
 * naming the file, with SQLite's own error (better-sqlite3's `SqliteError`) as its `cause`; a
 * file another process keeps busy is tried again (BUSY_RETRY_PAUSES_MS) before its error is thrown.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  for (let attempt = 0; ; attempt++) {
    try {
      return openOnce(file, migrations)
    } catch (error) {
      const pause = BUSY_RETRY_PAUSES_MS[attempt]
      if (pause === undefined || !/^SQLITE_BUSY/.test((error as { code?: string }).code ?? '')) throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause)
    }
  }
}

/**
 * The cache holds every case and decision: readable by the reviewer's account alone (POSIX mode
 * 0600), made so when created and, for a cache an earlier version left readable to all, at every
 * open. SQLite gives its -wal and -shm files the database file's mode. A file that cannot be made
 * (its folder missing, read-only) is left to SQLite, whose error names what is wrong.
 */
function keepPrivate(file: string): void {
  try {
    closeSync(openSync(file, 'a', 0o600))
  } catch {
    return
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600)
    } catch {
      // Not there (yet): SQLite creates it with the database file's mode.
    }
  }
}

function openOnce(file: string, migrations: readonly Migration[]): Db {
  let db: Db
  keepPrivate(file)
  try {
    db = new Database(file)
  } catch (error) {
    throw cannotOpen(file, error)
  }
  try {
    // Waits for another process on this file first (a second instance starting at the same time
    // holds it while it switches to WAL or migrates).
    db.pragma('busy_timeout = 5000')
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    // Checkpoints happen on a timer off the main thread (checkpointer.ts), not inside whichever
    // commit crosses the WAL threshold: a large import or sync page never pays for the copy.
    db.pragma('wal_autocheckpoint = 0')
    // A WAL file never shrinks by itself: a 10,000-case pull left 125 MB of it for the rest of the
    // run. When a write restarts the WAL after a checkpoint, SQLite truncates it to this size.
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
    // Migrations commit without waiting for the disk (WAL with NORMAL stays atomic: a power loss
    // can only undo the last migrations whole, user_version with them, and the next open applies
    // them again). A fresh cache's eleven fsyncs took 30–45 ms of the first start.
    db.pragma('synchronous = NORMAL')
    migrate(db, migrations)
    // FULL: a committed decision survives power loss too, not only a crash of the app
    // (measured: about 1 ms per decision commit, signing included).
    db.pragma('synchronous = FULL')
    return db
  } catch (error) {
    db.close()
    // SQLite's codes for a file it cannot open or write; a migration's own error passes as it is.
    throw /^SQLITE_(CANTOPEN|READONLY|FULL|IOERR|PERM)/.test((error as { code?: string }).code ?? '') ? cannotOpen(file, error) : error
  }
}

function cannotOpen(file: string, error: unknown): Error {
  return new Error(`The cache database ${file} cannot be opened: ${(error as Error).message}. Check that its folder exists, is writable and has free space.`, { cause: error })
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Applies, each in its own transaction, every migration newer than the database. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db)
  const newest = migrations.at(-1)?.version ?? 0
  if (current > newest) {
    throw new Error(
      `The cache database is at schema version ${current}, newer than this app knows (${newest}). ` +
        'Update Countersign, or move the data directory aside.'
    )
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
    if (migration.rebuildsReferencedTables) db.pragma('foreign_keys = OFF')
    try {
      // IMMEDIATE: the write lock is taken before user_version is read again, so a second instance
      // opening the same fresh file at the same moment waits for this one's migration and then
      // skips it, instead of running its CREATE TABLE again ("table … already exists").
      db.transaction(() => {
        if (schemaVersion(db) >= migration.version) return
        db.exec(migration.up)
        const violations = db.pragma('foreign_key_check') as unknown[]
        if (violations.length > 0) {
          throw new Error(`Migration ${migration.version} (${migration.name}) would break ${violations.length} references.`)
        }
        db.pragma(`user_version = ${migration.version}`)
      }).immediate()
    } finally {
      db.pragma(`foreign_keys = ${foreignKeys}`)
    }
  }
}
