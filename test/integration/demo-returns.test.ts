import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { bundleText } from '../fixtures/cache-file'
import { generateCases } from '../fixtures/case-generator'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Newcomer trial 27: with its only backend removed, the app showed an empty queue saying "Every
// case is decided", though the README says that with no backend configured it opens the demo.

const dir = makeTempDir('countersign-demo-returns-')
let services: AppServices | undefined
afterEach(() => {
  services?.close()
  dir.remove()
})

it('the demo leaves when a backend is added, and comes back when the last backend is removed', async () => {
  services = openAppServices({ dataDir: join(dir.path, 'app'), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  const demoPending = services.review.queuePage(0, 500).total
  expect(demoPending).toBeGreaterThan(10)
  const file = join(dir.path, 'team.json')
  writeFileSync(file, bundleText({ id: 'team', name: 'Team' }, generateCases({ count: 3, seed: 27, baseTime: new Date() })))
  await services.settings.save({ config: { id: 'team', kind: 'bundle', name: 'Team', path: file, syncIntervalSeconds: 3600 } })
  await services.sync.syncNow()
  expect(services.review.queuePage(0, 500).rows.map((row) => row.workspaceName)).toEqual(['Team', 'Team', 'Team'])
  expect((await services.settings.list()).map((backend) => backend.isDemo)).toEqual([false])

  await services.settings.remove('team', false)
  expect(services.review.queuePage(0, 500).total).toBe(demoPending)
  expect((await services.settings.list()).map((backend) => [backend.config.name, backend.isDemo])).toEqual([['Demo workspace', true]])
})
