import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { reviewApiAdapter } from '../../electron/services/backends/review-api/review-api-adapter'
import { openDatabase } from '../../electron/services/db/connection'
import { openRepositories } from '../../electron/services/db/repositories'
import { WorkspacesRepository } from '../../electron/services/db/repositories/workspaces-repository'
import { fileLogger } from '../../electron/services/logging/logger'
import { SyncEngine } from '../../electron/services/sync/sync-engine'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 19: pages that are hostile in shape, through the worker threads. The endless answer holds
// (refused at the 128 MiB limit, the process grows by about that); a deeply nested case does not.

const cases = generateCases({ count: 6, seed: 9, baseTime: new Date() })
let answer: (response: import('node:http').ServerResponse, cursor: string | null) => void = () => {}
let server: Server
let url: string
const dir = makeTempDir()

beforeAll(async () => {
  server = createServer((request, response) => answer(response, new URL(request.url!, 'http://x').searchParams.get('cursor')))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  dir.remove()
})

function engineOn(name: string) {
  const db = openDatabase(join(dir.path, `${name}.sqlite`))
  new WorkspacesRepository(db).upsert({ id: 'team', name: 'Team', kind: 'review-api', isDemo: false }, 'now')
  const engine = new SyncEngine({
    repositories: openRepositories(db),
    logger: fileLogger(dir.path),
    emit: () => {},
    keys: { publicKeys: () => [] },
    createAdapter: (config) => reviewApiAdapter({ config: config as never, readToken: async () => 'secret-token' })
  })
  engine.configure([{ id: 'team', kind: 'review-api', name: 'Team', baseUrl: url, syncIntervalSeconds: 3600 }])
  const ids = () => db.prepare<[], { id: string }>(`SELECT id FROM cases ORDER BY id`).all().map((row) => row.id)
  return { engine, db, ids }
}

const pageText = (items: string[], nextCursor: string, hasMore: boolean) => `{"changes":[${items.map((item) => `{"type":"case","case":${item}}`).join(',')}],"nextCursor":"${nextCursor}","hasMore":${hasMore}}`

it('a case nested 20,000 deep in its argument schema (40 KB of brackets, valid JSON): refused by name or by what is wrong, not as "invalid JSON: Maximum call stack size exceeded"', async () => {
  const depth = 20_000
  const deep = JSON.stringify({ ...cases[1]!, proposal: { ...cases[1]!.proposal, editable: true, format: 'json', jsonSchema: { a: '__DEEP__' } } }).replace('"__DEEP__"', '['.repeat(depth) + ']'.repeat(depth))
  answer = (response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(pageText([JSON.stringify(cases[0]!), deep, JSON.stringify(cases[2]!)], '1', false))
  }
  const { engine, db, ids } = engineOn('deep')
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
    engine.stop()
    db.close()
  }
}, 60_000)

it('an endless answer (chunked, no length): refused at the size limit, memory bounded', async () => {
  const chunk = Buffer.alloc(1 << 20, 0x20)
  answer = (response) => {
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
  const { engine, db } = engineOn('endless')
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
    engine.stop()
    db.close()
  }
}, 120_000)
