import { afterAll, beforeAll } from 'vitest'
import type { Case } from '../../shared/domain/case'
import type { ReferenceBackend } from '../reference-backend/server'
import { newToken, REVIEWER, startBackend } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'

export interface TeamService {
  /** The file's own temporary folder (the backend's SQLite file; sessions put their data in `app`). */
  readonly dir: string
  /** The bearer token the backend accepts, for the reviewer to type into Settings. */
  readonly token: string
  readonly backend: ReferenceBackend
  readonly driver: Driver
}

/**
 * A test file's reference backend (the Review API, on a free loopback port) holding the cases
 * `cases()` makes, assigned to REVIEWER, and the e2e driver that opens the app: registers the
 * vitest hooks that start both before the file's tests and, after them, close both and remove
 * the folder. The reviewer adds the backend through Settings as a test step.
 */
export function withTeamService(prefix: string, cases: () => Case[]): TeamService {
  const token = newToken()
  let dir: ReturnType<typeof makeTempDir> | undefined
  let backend: ReferenceBackend | undefined
  let driver: Driver | undefined
  beforeAll(async () => {
    dir = makeTempDir(prefix)
    backend = await startBackend(dir.path, token)
    backend.store.putCases(cases(), REVIEWER)
    driver = await createDriver()
  })
  afterAll(async () => {
    await driver?.close()
    await backend?.close()
    dir?.remove()
  })
  const started = () => {
    if (!dir || !backend || !driver) throw new Error('withTeamService: it starts in beforeAll; use it inside tests')
    return { dir: dir.path, backend, driver }
  }
  return {
    token,
    get dir() {
      return started().dir
    },
    get backend() {
      return started().backend
    },
    get driver() {
      return started().driver
    }
  }
}
