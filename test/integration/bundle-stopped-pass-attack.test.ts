import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { BUNDLE_PAGE_CASES, bundleAdapter } from '../../electron/services/backends/bundle/bundle-adapter'
import { CasePrepPool } from '../../electron/services/sync/case-prep/case-prep-pool'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack (round 20): a bundle pull requests every page of the file from the workers at once. When
// the pass stops (a case that is not JSON in page 1), the pages still queued are prepared anyway,
// and each one holding a bad case reads the whole file again (parseBundle, for the message): on
// a 27 MB bundle with a bad case per page, both cores stay busy for many seconds after the sync
// has already reported its error, at every retry.
// (The adapter is pulled directly here: the sync's own retries of a refused file are not counted.)

const dir = makeTempDir('countersign-bundle-stopped-pass-')
const pool = new CasePrepPool()
afterAll(async () => {
  await pool.close()
  dir.remove()
})

it('stops preparing the pages of a pass that has stopped', async () => {
  let text = JSON.stringify(generateBundle({ count: 20 * BUNDLE_PAGE_CASES, seed: 3, workspace: { id: 'w', name: 'W' } }))
  let seen = 0
  text = text.replace(/"revision":1,/g, (member) => (seen++ % BUNDLE_PAGE_CASES === BUNDLE_PAGE_CASES - 1 ? '"revision":1,,' : member))
  const file = join(dir.path, 'bad-pages.bundle.json')
  writeFileSync(file, text)
  const adapter = bundleAdapter({ id: 'w', kind: 'bundle', name: 'W', path: file, syncIntervalSeconds: 3600 } as Parameters<typeof bundleAdapter>[0], { casePrep: pool })
  await expect(adapter.pull(null, new AbortController().signal)).rejects.toThrow(/not valid JSON/)
  // Let the pages under way when the pass stopped finish (one per worker).
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const before = process.cpuUsage()
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const after = process.cpuUsage(before)
  const cpuMs = (after.user + after.system) / 1000
  expect(cpuMs, 'CPU the process spent in 2 s after the pull had stopped').toBeLessThan(400)
}, 60_000)
