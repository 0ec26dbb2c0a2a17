import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { Case } from '../../shared/domain/case'
import type { ReferenceBackend } from '../reference-backend/server'
import { newToken, REVIEWER, startBackend } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { openAddBackendForm, saveBackendAndSync, typeIntoNextFields } from './settings-steps'

export interface TeamService {
  /** The bearer token the backend accepts, for the reviewer to type into Settings. */
  readonly token: string
  readonly backend: ReferenceBackend
  /**
   * Opens the app (its data in `app` under the file's folder) and adds the backend by keyboard in
   * Settings, as "Team cases" (id `team-cases`): once the form is filled `filled` runs (a
   * screenshot, say), then Enter saves it and its first sync is awaited. Closing the session is
   * the caller's.
   */
  openWithBackend(filled?: (page: Page) => Promise<unknown>): Promise<AppSession>
}

/**
 * A test file's reference backend (the Review API, on a free loopback port) holding the cases
 * `cases()` makes, assigned to REVIEWER, and the e2e driver that opens the app: registers the
 * vitest hooks that start both before the file's tests and, after them, close both and remove
 * the folder. The reviewer adds the backend through Settings, by keyboard: `openWithBackend`.
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
    get backend() {
      return started().backend
    },
    async openWithBackend(filled) {
      const { dir: root, backend: running, driver: opener } = started()
      const session = await opener.open(join(root, 'app'))
      await openAddBackendForm(session.page)
      // Kind (a select, already on "Review API service"), then Name, Id, URL, Token, interval.
      await typeIntoNextFields(session.page, ['Team cases', null, running.url, token])
      await filled?.(session.page)
      await saveBackendAndSync(session.page, 'team-cases')
      return session
    }
  }
}
