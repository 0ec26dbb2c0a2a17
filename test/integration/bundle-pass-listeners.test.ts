import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { BUNDLE_PAGE_CASES, bundleAdapter } from '../../electron/services/backends/bundle/bundle-adapter'
import { CasePrepPool } from '../../electron/services/sync/case-prep/case-prep-pool'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'

// A bundle pull queues every page of the file on one AbortSignal (the pass's). Each queued page
// listened for that signal's abort and never stopped listening, so a 10,000-case bundle left 20
// listeners on it and Node printed "MaxListenersExceededWarning: Possible EventTarget memory leak
// detected" on every first pull of a bundle backend.

const dir = makeTempDir('countersign-bundle-pass-listeners-')
const pool = new CasePrepPool()
afterAll(async () => {
  await pool.close()
  dir.remove()
})

it('pulls a bundle of many pages without piling listeners on the pass signal', async () => {
  const pages = 20
  const file = join(dir.path, 'many-pages.bundle.json')
  writeFileSync(file, JSON.stringify(generateBundle({ count: pages * BUNDLE_PAGE_CASES, seed: 5, workspace: { id: 'w', name: 'W' } })))
  const warnings: Error[] = []
  const onWarning = (warning: Error) => warnings.push(warning)
  process.on('warning', onWarning)
  try {
    const adapter = bundleAdapter({ id: 'w', kind: 'bundle', name: 'W', path: file, syncIntervalSeconds: 3600 } as Parameters<typeof bundleAdapter>[0], { casePrep: pool })
    let cursor: string | null = null
    let cases = 0
    for (let page = 0; page < pages + 1; page++) {
      const result = await adapter.pull(cursor, new AbortController().signal)
      cases += result.changes.length
      cursor = result.nextCursor
      if (!result.hasMore) break
    }
    expect(cases).toBe(pages * BUNDLE_PAGE_CASES)
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([])
  } finally {
    process.off('warning', onWarning)
  }
}, 60_000)
