import { createHash } from 'node:crypto'
import { afterAll, expect, it } from 'vitest'
import { CursorsRepository } from '../../electron/services/db/repositories/sync-repositories'
import { CasePrepPool } from '../../electron/services/sync/case-prep/case-prep-pool'
import { caseSchema } from '../../shared/domain/case'
import { generateCases } from '../fixtures/case-generator'
import { reviewApiEngine, withChangeFeed } from '../fixtures/change-feed'
import { makeTempDir } from '../fixtures/temp-dir'

// Pages of the change feed are parsed and prepared in worker threads. Here a worker dies in the
// middle of a page: out of memory, a real V8 heap limit and not a simulated crash (its heap is
// limited to 16 MB here, and one case of the page holds 400,000 small objects, about 5 MB of JSON). The services' thread goes on, the page
// fails with a message naming it, no case of it is stored (half or whole), the cursor stays
// before it, and the next sync, with a new worker, brings the page.

const cases = generateCases({ count: 6, seed: 5, baseTime: new Date() })
const pageOf = (items: unknown[], nextCursor: string, hasMore: boolean) => JSON.stringify({ changes: items.map((item) => ({ type: 'case', case: item })), nextCursor, hasMore })
let secondPage = ''
const dir = makeTempDir()
const pool = new CasePrepPool({ workers: 1, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } })
const feed = withChangeFeed()
feed.answer = (response, cursor) => {
  response.writeHead(200, { 'content-type': 'application/json' })
  response.end(cursor === null ? pageOf(cases.slice(0, 3), '1', true) : secondPage)
}

afterAll(async () => {
  await pool.close()
  dir.remove()
})

it('a worker that dies in the middle of a page fails that page alone, by name; nothing of it is stored, and the next sync brings it', async () => {
  const huge = { ...cases[3]!, extra: Array.from({ length: 400_000 }, (_, i) => ({ a: i })) }
  secondPage = pageOf([huge, ...cases.slice(4)], '2', false)
  const { engine, db, close } = reviewApiEngine(dir.path, 'cache', feed.url, pool)
  const stored = () => db.prepare<[], { id: string; body: string; content_hash: string }>(`SELECT id, body, content_hash FROM cases ORDER BY id`).all()
  try {
    await engine.syncNow()
    const status = engine.status()[0]!
    expect(status.state).toBe('error')
    expect(status.lastError).toMatch(/^Team's answer to GET \/v1\/cases could not be read: the worker preparing it stopped \(.+\); nothing from that page was stored\.$/)
    // The first page is in, whole; nothing of the second; the cursor stays after the first.
    expect(stored().map((row) => row.id)).toEqual(cases.slice(0, 3).map((c) => c.id).sort())
    for (const row of stored()) {
      expect(JSON.parse(row.body)).toEqual(caseSchema.parse(cases.find((c) => c.id === row.id)))
      expect(row.content_hash).toBe(createHash('sha256').update(row.body).digest('hex'))
    }
    expect(new CursorsRepository(db).get('team')).toBe('1')

    secondPage = pageOf(cases.slice(3), '2', false)
    await engine.syncNow()
    expect(engine.status()[0]!.state).toBe('idle')
    expect(stored().map((row) => row.id)).toEqual(cases.map((c) => c.id).sort())
  } finally {
    close()
  }
}, 60_000)
