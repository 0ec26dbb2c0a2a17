import { chmodSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { DATABASE_FILE, openAppServices } from '../../electron/services/app-services'
import { openDatabase } from '../../electron/services/db/connection'
import { fileLogger } from '../../electron/services/logging/logger'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// The data directory holds every case, decision and log line: another account on the machine
// reads none of it (POSIX modes; Windows keeps a user's profile folder to that user already).

let dir: ReturnType<typeof makeTempDir>
beforeEach(() => {
  dir = makeTempDir()
})
afterEach(() => dir.remove())

const mode = (path: string) => statSync(path).mode & 0o777

it.skipIf(process.platform === 'win32')('makes a new data directory, its cache, WAL and log readable by the reviewer’s account alone', () => {
  const dataDir = join(dir.path, 'new')
  const services = openAppServices({ dataDir, resourcesDir, reviewer: 'dana', appVersion: '1', watchSla: false })
  try {
    fileLogger(dataDir).info('a line')
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(join(dataDir, DATABASE_FILE))).toBe(0o600)
    expect(mode(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(0o600)
    expect(mode(join(dataDir, 'logs'))).toBe(0o700)
    expect(mode(join(dataDir, 'logs/countersign.log'))).toBe(0o600)
  } finally {
    services.close()
  }
})

it.skipIf(process.platform === 'win32')('makes a cache an earlier version left readable to all private when it opens it, keeping its data', () => {
  const file = join(dir.path, DATABASE_FILE)
  const first = openDatabase(file)
  first.exec("CREATE TABLE kept (x); INSERT INTO kept VALUES ('still here')")
  first.close()
  chmodSync(file, 0o644)
  writeFileSync(`${file}-shm`, '')
  chmodSync(`${file}-shm`, 0o644)
  const reopened = openDatabase(file)
  try {
    expect(mode(file)).toBe(0o600)
    expect(mode(`${file}-shm`)).toBe(0o600)
    expect(reopened.prepare('SELECT x FROM kept').pluck().get()).toBe('still here')
  } finally {
    reopened.close()
  }
})
