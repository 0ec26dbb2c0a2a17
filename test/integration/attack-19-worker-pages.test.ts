import { afterAll, expect, it } from 'vitest'
import { generateCases } from '../fixtures/case-generator'
import { reviewApiEngine, withChangeFeed } from '../fixtures/change-feed'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 19: pages that are hostile in shape, through the worker threads. The endless answer holds
// (refused at the 128 MiB limit, the process grows by about that); a deeply nested case does not.

const cases = generateCases({ count: 6, seed: 9, baseTime: new Date() })
const dir = makeTempDir()
const feed = withChangeFeed()
afterAll(() => dir.remove())

const pageText = (items: string[], nextCursor: string, hasMore: boolean) => `{"changes":[${items.map((item) => `{"type":"case","case":${item}}`).join(',')}],"nextCursor":"${nextCursor}","hasMore":${hasMore}}`

it('a case nested 20,000 deep in its argument schema (40 KB of brackets, valid JSON): refused by name or by what is wrong, not as "invalid JSON: Maximum call stack size exceeded"', async () => {
  const depth = 20_000
  const deep = JSON.stringify({ ...cases[1]!, proposal: { ...cases[1]!.proposal, editable: true, format: 'json', jsonSchema: { a: '__DEEP__' } } }).replace('"__DEEP__"', '['.repeat(depth) + ']'.repeat(depth))
  feed.answer = (response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(pageText([JSON.stringify(cases[0]!), deep, JSON.stringify(cases[2]!)], '1', false))
  }
  const { engine, db, close } = reviewApiEngine(dir.path, 'deep', feed.url)
  const ids = () => db.prepare<[], { id: string }>(`SELECT id FROM cases ORDER BY id`).all().map((row) => row.id)
  try {
    await engine.syncNow()
    const status = engine.status()[0]!
    console.log('attack-19 deep:', JSON.stringify(status))
    // Either the page's other cases are stored and this one is refused by name, or the page is
    // refused saying what is wrong (as a duplicate key is: where, and why). Measured: the whole
    // feed stops at this page on every pull, "Team answered GET /v1/cases with invalid JSON:
    // Maximum call stack size exceeded" (from 20,000 deep in a worker, 5,000 on the services'
    // thread: the bundle path and the Review API path now differ on the same case).
    const named = /nest|deep/i.test(status.lastError ?? '')
    expect(ids().includes(cases[0]!.id) || named, status.lastError ?? '').toBe(true)
    expect(status.lastError ?? '').not.toMatch(/Maximum call stack/)
  } finally {
    close()
  }
}, 60_000)

it('an endless answer (chunked, no length): refused at the size limit, memory bounded', async () => {
  const chunk = Buffer.alloc(1 << 20, 0x20)
  feed.answer = (response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.write('{"changes":[')
    let sent = 0
    const more = () => {
      while (sent < 600 && response.write(chunk)) sent++
      if (sent < 600) response.once('drain', more)
      else response.end(']}')
    }
    more()
  }
  const { engine, close } = reviewApiEngine(dir.path, 'endless', feed.url)
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  try {
    await engine.syncNow()
    const status = engine.status()[0]!
    console.log('attack-19 endless:', status.lastError, `rss +${Math.round((peak - before) / 2 ** 20)} MiB`)
    expect(status.state).toBe('error')
    expect(peak - before).toBeLessThan(400 * 2 ** 20)
  } finally {
    clearInterval(sampler)
    close()
  }
}, 120_000)
