import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { BundleError, importBundle, importBundleInWorkers } from '../../electron/services/backends/bundle/import-bundle'
import { openDatabase } from '../../electron/services/db/connection'
import { openRepositories } from '../../electron/services/db/repositories'
import { CasePrepPool } from '../../electron/services/sync/case-prep/case-prep-pool'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'

// importBundleInWorkers reads and prepares the cases in worker threads (two here, each reading the
// bundle and preparing every other case): it must store exactly what importBundle stores, report
// the same, and refuse what importBundle refuses, with the same message.

const dir = makeTempDir()
const pool = new CasePrepPool({ workers: 2, background: false })
afterAll(async () => {
  await pool.close()
  dir.remove()
})

const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value))
const rows = (file: string) => {
  const db = openDatabase(join(dir.path, file))
  try {
    return db.prepare('SELECT id, revision, kind, title, state, due_at, risk_rank, priority_rank, body, content_hash, created_at FROM cases ORDER BY id').all()
  } finally {
    db.close()
  }
}

it('stores the same rows and reports the same as the one-thread import, invalid and repeated cases included', async () => {
  const bundle = generateBundle({ count: 40, seed: 3, workspace: { id: 'w', name: 'W' } }) as unknown as { cases: Record<string, unknown>[] }
  delete bundle.cases[5]!['title'] // invalid: named by id and field
  bundle.cases[9] = { ...bundle.cases[2]! } // the same id again: the first stays
  bundle.cases[12]!['title'] = 'Bidi \u202e and CRLF\r\n kept, 12345678901234567890 as text'
  const now = new Date('2026-01-01T00:00:00Z')
  const reports = []
  for (const [file, importer] of [
    ['one.sqlite', async (bytes: Uint8Array) => importBundle(openRepositories(db('one.sqlite')), bytes, { now })],
    ['workers.sqlite', async (bytes: Uint8Array) => importBundleInWorkers(openRepositories(db('workers.sqlite')), bytes, pool, { now })]
  ] as const) {
    reports.push(await importer(encode(bundle)))
    expect(rows(file).length, file).toBe(38)
  }
  expect(reports[1]).toEqual(reports[0])
  expect(reports[1]!.rejected.map((rejection) => rejection.message)).toEqual([expect.stringMatching(/^case ".+" \(#6\): title/), expect.stringMatching(/appears more than once/)])
  expect(rows('workers.sqlite')).toEqual(rows('one.sqlite'))
})

it('refuses a bundle that is not usable as a whole with the one-thread import\'s BundleError', async () => {
  const text = '{"format": "countersign.case-bundle", "format": "x"}'
  let expected: unknown
  try {
    importBundle(openRepositories(db('bad-one.sqlite')), encode(text))
  } catch (error) {
    expected = error
  }
  expect(expected).toBeInstanceOf(BundleError)
  await expect(importBundleInWorkers(openRepositories(db('bad-workers.sqlite')), encode(text), pool)).rejects.toThrow(new BundleError((expected as Error).message))
  await expect(importBundleInWorkers(openRepositories(db('bad-workers.sqlite')), encode(text), pool)).rejects.toBeInstanceOf(BundleError)
})

const opened = new Map<string, ReturnType<typeof openDatabase>>()
function db(file: string) {
  if (!opened.has(file)) opened.set(file, openDatabase(join(dir.path, file)))
  return opened.get(file)!
}
afterAll(() => opened.forEach((connection) => connection.close()))
