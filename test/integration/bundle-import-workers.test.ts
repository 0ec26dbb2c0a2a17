import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { DATABASE_FILE, openAppServices, type AppServices } from '../../electron/services/app-services'
import { BUNDLE_PAGE_CASES } from '../../electron/services/backends/bundle/bundle-adapter'
import { importBundle } from '../../electron/services/backends/bundle/import-bundle'
import { openDatabase } from '../../electron/services/db/connection'
import { openRepositories } from '../../electron/services/db/repositories'
import { generateBundle } from '../fixtures/case-generator'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// A bundle backend's pull reads the file in worker threads: one indexes it (hash, envelope, where
// each case is), and its cases are prepared in pages of BUNDLE_PAGE_CASES, each pull handing on
// one page. It must store exactly what importBundle (one thread, the whole file at once) stores,
// quarantine the same cases with the same messages, and refuse what importBundle refuses, with
// the same message.

const dir = makeTempDir('countersign-bundle-workers-')
const opened: AppServices[] = []
afterAll(() => {
  opened.forEach((services) => services.close())
  dir.remove()
})

type Bundle = Omit<ReturnType<typeof generateBundle>, 'cases'> & { cases: Record<string, unknown>[] }
const fresh = (count: number) => generateBundle({ count, seed: 3, workspace: { id: 'w', name: 'W' } }) as unknown as Bundle

/** The app's services with a bundle backend for `file` (id `w`, the bundles' workspace), after one pull; and its status. */
async function pulled(name: string, file: string) {
  const services = openAppServices({ dataDir: join(dir.path, name), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  opened.push(services)
  await services.settings.save({ config: { id: 'w', kind: 'bundle', name: 'W', path: file, syncIntervalSeconds: 3600 } })
  await services.sync.syncNow('w')
  return { services, status: services.sync.status().find((backend) => backend.id === 'w')! }
}

function rows(databaseFile: string) {
  const db = openDatabase(databaseFile)
  try {
    return {
      cases: db.prepare(`SELECT id, revision, kind, title, state, due_at, risk_rank, priority_rank, body, content_hash, created_at FROM cases WHERE workspace_id = 'w' ORDER BY id`).all(),
      quarantine: db.prepare(`SELECT case_id, message FROM quarantine WHERE workspace_id = 'w' ORDER BY case_id`).all()
    }
  } finally {
    db.close()
  }
}

/** What importBundle stores for these bytes, or the message of the BundleError it throws. */
function importedOnOneThread(name: string, bytes: Uint8Array): ReturnType<typeof rows> | string {
  const file = join(dir.path, `${name}.sqlite`)
  const db = openDatabase(file)
  try {
    importBundle(openRepositories(db), bytes)
  } catch (error) {
    expect((error as Error).name).toBe('BundleError')
    return (error as Error).message
  } finally {
    db.close()
  }
  return rows(file)
}

it('stores the same rows and quarantines the same cases as the one-thread import, over several pages', async () => {
  const bundle = fresh(2 * BUNDLE_PAGE_CASES + 200)
  delete bundle.cases[5]!['title'] // invalid: named by id and field
  bundle.cases[9] = { ...bundle.cases[2]!, title: 'Same id again: the first stays' }
  bundle.cases[BUNDLE_PAGE_CASES + 7] = { ...bundle.cases[3]!, title: 'Same id, a later page' }
  bundle.cases[12]!['title'] = 'Bidi \u202e and CRLF\r\n kept, 12345678901234567890 as text'
  bundle.cases[BUNDLE_PAGE_CASES + 40]!['title'] = 'Lone \ud800 surrogate'
  const file = join(dir.path, 'pages.bundle.json')
  // UTF-8 with a byte-order mark, as Windows tools save it.
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(bundle, null, 1))])
  writeFileSync(file, bytes)
  const expected = importedOnOneThread('pages-one', bytes)
  const { status } = await pulled('pages', file)
  expect(status).toMatchObject({ state: 'idle', lastError: null })
  const actual = rows(join(dir.path, 'pages', DATABASE_FILE))
  expect(typeof expected).toBe('object')
  expect((expected as ReturnType<typeof rows>).cases).toHaveLength(2 * BUNDLE_PAGE_CASES + 200 - 2 - 2)
  const one = expected as ReturnType<typeof rows>
  expect(actual.cases).toEqual(one.cases)
  expect(actual.quarantine).toEqual(one.quarantine)
  expect(actual.quarantine.map((row) => (row as { message: string }).message)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^case ".+" \(#6\): title/), expect.stringMatching(new RegExp(`\\(#${BUNDLE_PAGE_CASES + 41}\\): title: title holds a lone surrogate`))])
  )
}, 60_000)

it('reads a UTF-16 bundle (with its byte-order mark) as the one-thread import does', async () => {
  const text = JSON.stringify(fresh(30))
  const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))])
  const file = join(dir.path, 'utf16.bundle.json')
  writeFileSync(file, bytes)
  const expected = importedOnOneThread('utf16-one', bytes)
  const { status } = await pulled('utf16', file)
  expect(status).toMatchObject({ state: 'idle', lastError: null })
  expect(rows(join(dir.path, 'utf16', DATABASE_FILE))).toEqual(expected)
})

/** A text-approval case whose argument schema nests `arrays` arrays: at 995 the bundle is 1,000 levels deep. */
function nested(bundle: Bundle, arrays: number): Bundle {
  const at = bundle.cases.findIndex((item) => item['kind'] === 'text-approval')
  const item = bundle.cases[at]!
  const proposal = { ...(item['proposal'] as object), format: 'json', jsonSchema: { a: '__DEEP__' } }
  const text = JSON.stringify({ ...bundle, cases: bundle.cases.map((other, index) => (index === at ? { ...item, proposal } : other)) })
  return JSON.parse(text.replace('"__DEEP__"', '['.repeat(arrays) + ']'.repeat(arrays))) as Bundle
}

it('takes a case nested as deep as a bundle may be, and refuses one level more with the one-thread message', async () => {
  const deepest = join(dir.path, 'deepest.bundle.json')
  writeFileSync(deepest, JSON.stringify(nested(fresh(10), 995)))
  const { status } = await pulled('deepest', deepest)
  expect(status).toMatchObject({ state: 'idle', lastError: null })
  expect(rows(join(dir.path, 'deepest', DATABASE_FILE)).cases).toHaveLength(10)
})

it.each([
  ['a member name twice in the envelope', (text: string) => text.replace('{"format"', '{"version": 2, "format"')],
  ['a case that is not JSON', (text: string) => text.replace('"revision":1,', '"revision":1,,')],
  ['a case with a member name twice', (text: string) => text.replace('"revision":1,', '"revision":1,"revision":1,')],
  ['a case nested one level too deep', () => JSON.stringify(nested(fresh(10), 996))],
  ['a trailing comma after the last case', (text: string) => text.replace(/}\]}$/, '},]}')],
  ['not a case bundle', () => '{"format": "something-else", "cases": []}'],
  ['cut short', (text: string) => text.slice(0, text.length / 2)]
])('refuses a bundle with %s, with the one-thread import\'s message, storing nothing', async (name, spoil) => {
  const bytes = new TextEncoder().encode(spoil(JSON.stringify(fresh(10))))
  const expected = importedOnOneThread(`bad-one-${name}`, bytes)
  expect(typeof expected, String(expected)).toBe('string')
  const file = join(dir.path, `bad-${name}.bundle.json`)
  writeFileSync(file, bytes)
  const { services, status } = await pulled(`bad-${name}`, file)
  expect(status).toMatchObject({ state: 'error', lastError: `${file}: ${expected as string}` })
  expect(services.review.queuePage(0, 1).total).toBe(0)
})

it('stops at a case that is not JSON in a later page with the same message, the pages before it stored whole', async () => {
  const text = JSON.stringify(fresh(BUNDLE_PAGE_CASES + 10))
  const broken = `${text.slice(0, text.lastIndexOf('"revision":1,'))}"revision":1,,${text.slice(text.lastIndexOf('"revision":1,') + '"revision":1,'.length)}`
  const bytes = new TextEncoder().encode(broken)
  const expected = importedOnOneThread('late-one', bytes)
  const file = join(dir.path, 'late.bundle.json')
  writeFileSync(file, bytes)
  const { services, status } = await pulled('late', file)
  expect(status).toMatchObject({ state: 'error', lastError: `${file}: ${expected as string}` })
  expect(services.review.queuePage(0, 1).total).toBe(BUNDLE_PAGE_CASES)
})
