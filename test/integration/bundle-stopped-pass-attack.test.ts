import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { BUNDLE_PAGE_CASES } from '../../electron/services/backends/bundle/bundle-adapter'
import { generateBundle } from '../fixtures/case-generator'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack (round 20): a bundle pull requests every page of the file from the workers at once. When
// the pass stops (a case that is not JSON in page 1), the pages still queued are prepared anyway,
// and each one holding a bad case reads the whole file again (parseBundle, for the message): on
// a 27 MB bundle with a bad case per page, both cores stay busy for many seconds after the sync
// has already reported its error, at every retry.

const dir = makeTempDir('countersign-bundle-stopped-pass-')
const opened: AppServices[] = []
afterAll(() => {
  opened.forEach((services) => services.close())
  dir.remove()
})

it('stops preparing the pages of a pass that has stopped', async () => {
  let text = JSON.stringify(generateBundle({ count: 20 * BUNDLE_PAGE_CASES, seed: 3, workspace: { id: 'w', name: 'W' } }))
  let seen = 0
  text = text.replace(/"revision":1,/g, (member) => (seen++ % BUNDLE_PAGE_CASES === BUNDLE_PAGE_CASES - 1 ? '"revision":1,,' : member))
  const file = join(dir.path, 'bad-pages.bundle.json')
  writeFileSync(file, text)
  const services = openAppServices({ dataDir: join(dir.path, 'data'), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  opened.push(services)
  await services.settings.save({ config: { id: 'w', kind: 'bundle', name: 'W', path: file, syncIntervalSeconds: 3600 } })
  await services.sync.syncNow('w')
  expect(services.sync.status().find((backend) => backend.id === 'w')).toMatchObject({ state: 'error' })
  // Let the pages under way when the pass stopped finish (one per worker).
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const before = process.cpuUsage()
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const after = process.cpuUsage(before)
  const cpuMs = (after.user + after.system) / 1000
  expect(cpuMs, 'CPU the process spent in 2 s after the pull had stopped').toBeLessThan(400)
}, 60_000)
