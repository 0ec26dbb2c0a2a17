import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { createIpcDispatcher } from '../../electron/main/ipc/dispatch'
import { allIpcHandlers } from '../../electron/main/ipc/handlers'
import type { IpcResult } from '../../shared/ipc/errors'
import { makeTempDir } from '../fixtures/temp-dir'
import { resourcesDir } from '../fixtures/sync-fixtures'

// Attack on issue 16 ("codes are misapplied ... fixed"): calls through the real dispatcher and the
// real services, naming a workspace or backend that does not exist.

let dir: ReturnType<typeof makeTempDir>
let services: AppServices
let dispatch: ReturnType<typeof createIpcDispatcher>

beforeAll(async () => {
  dir = makeTempDir()
  services = openAppServices({ dataDir: join(dir.path, 'data'), resourcesDir, reviewer: 'dana', appVersion: '1', undoGraceMs: 0 })
  dispatch = createIpcDispatcher(allIpcHandlers(services), { info: () => {}, warn: () => {}, error: () => {} })
})
afterAll(() => {
  services.close()
  dir.remove()
})

it('exporting the decisions of a workspace that does not exist is not-found, not a file that could not be written', async () => {
  // exportDecisions throws AppError('not-found'); `writing` in app-services.ts takes its `code`
  // (a string) for Node's errno and re-throws it as 'export-failed': "….json could not be written
  // (not-found); choose another place."
  const result = (await dispatch('exportDecisions', ['no-such-workspace'])) as IpcResult<unknown>
  expect(result).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no workspace "no-such-workspace".' } })
})

it('taking a case over from a backend that does not exist is not-found, not a backend that failed', async () => {
  const result = (await dispatch('takeOverCase', ['no-such-backend', 'case-1'])) as IpcResult<unknown>
  expect(result.ok).toBe(false)
  expect(!result.ok && result.error.code).toBe('not-found')
})
