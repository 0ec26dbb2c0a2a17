import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackendAdapter } from '../../electron/services/backends/backend-adapter'
import { reviewApiAdapter } from '../../electron/services/backends/review-api/review-api-adapter'
import { openDatabase, type Db } from '../../electron/services/db/connection'
import { CursorsRepository } from '../../electron/services/db/repositories/sync-repositories'
import { WorkspacesRepository } from '../../electron/services/db/repositories/workspaces-repository'
import { fileLogger } from '../../electron/services/logging/logger'
import { SyncEngine } from '../../electron/services/sync/sync-engine'
import type { BackendConfig } from '../../shared/backends/backend-config'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { openRepositories } from '../../electron/services/db/repositories'

// Review API servers on loopback that misbehave in ways sync-protocol-faults.test.ts does not try:
// each must leave the client's request count bounded (and its memory), the fault named.

type Raw = (request: IncomingMessage, response: ServerResponse) => void

async function rawServer(handler: Raw): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let count = 0
  const server: Server = createServer((request, response) => {
    count += 1
    request.resume()
    request.on('end', () => handler(request, response))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function engineWith(config: BackendConfig, makeAdapter: (config: BackendConfig) => BackendAdapter): { engine: SyncEngine; db: Db } {
  const dir = makeTempDir()
  const db = openDatabase(join(dir.path, 'cache.sqlite'))
  new WorkspacesRepository(db).upsert({ id: config.id, name: config.name, kind: config.kind, isDemo: false }, 'now')
  const engine = new SyncEngine({ repositories: openRepositories(db), logger: fileLogger(dir.path), emit: () => {}, keys: { publicKeys: () => [] }, createAdapter: makeAdapter })
  cleanups.push(() => dir.remove(), () => db.close(), () => engine.stop())
  engine.configure([config])
  return { engine, db }
}

const teamConfig = (url: string): BackendConfig => ({ id: 'team', kind: 'review-api', name: 'Team', baseUrl: url, syncIntervalSeconds: 3600 })
const reviewApi = (timeoutMs = 2_000) => (config: BackendConfig) => reviewApiAdapter({ config: config as never, readToken: async () => 'token', requestTimeoutMs: timeoutMs })
const json = (response: ServerResponse, body: unknown, status = 200) => {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a Review API service whose pages never end', () => {
  it('the same case at the same revision on every page, cursor moving on, hasMore true: a pass that applies nothing new must stop', async () => {
    const [stale] = generateCases({ count: 1, seed: 11, baseTime: new Date(), idPrefix: 'loop' })
    const server = await rawServer((request, response) => {
      const cursor = Number(new URL(request.url!, 'http://x').searchParams.get('cursor') ?? 0)
      json(response, { changes: [{ type: 'case', case: stale }], nextCursor: String(cursor + 1), hasMore: true })
    })
    cleanups.push(() => server.close())
    const { engine } = engineWith(teamConfig(server.url), reviewApi())
    // Today the pass never ends; race it against a deadline rather than hang the suite.
    const done = await Promise.race([engine.syncNow().then(() => 'done'), sleep(5_000).then(() => 'still pulling')])
    const requests = server.count()
    const status = engine.status()[0]!
    engine.stop()
    expect({ done, boundedRequests: requests <= 50 }).toEqual({ done: 'done', boundedRequests: true })
    expect(status).toMatchObject({ state: 'error', fault: 'empty-pages' })
    expect(status.lastError).toMatch(/20 pages in a row brought nothing but cases it had already sent in this pass/)
  }, 20_000)

  it('the same cases with a new revision on every page, for ever: the pass is bounded', async () => {
    const cases = generateCases({ count: 3, seed: 12, baseTime: new Date(), idPrefix: 'rev' })
    const server = await rawServer((request, response) => {
      const cursor = Number(new URL(request.url!, 'http://x').searchParams.get('cursor') ?? 0)
      json(response, { changes: cases.map((c) => ({ type: 'case', case: { ...c, revision: cursor + 1 } })), nextCursor: String(cursor + 1), hasMore: true })
    })
    cleanups.push(() => server.close())
    const { engine } = engineWith(teamConfig(server.url), reviewApi())
    const done = await Promise.race([engine.syncNow().then(() => 'done'), sleep(5_000).then(() => 'still pulling')])
    const requests = server.count()
    const status = engine.status()[0]!
    engine.stop()
    expect({ done, requests: requests <= 50 }).toEqual({ done: 'done', requests: true })
    expect(status).toMatchObject({ state: 'error', fault: 'empty-pages' })
  }, 20_000)
})

describe('a Review API service whose cursors cycle with period 3', () => {
  for (const cycle of [['1', '2', '3'], ['9', '10', '1a']]) {
    it(`cursors ${cycle.join(' → ')} → ${cycle[0]}…: stopped in the first pass, named, retried only with backoff`, async () => {
      const cases = generateCases({ count: 3, seed: 31, baseTime: new Date(), idPrefix: `cyc${cycle[1]}` })
      const server = await rawServer((request, response) => {
        const sent = new URL(request.url!, 'http://x').searchParams.get('cursor')
        const index = sent === null ? 0 : (cycle.indexOf(sent) + 1) % cycle.length
        json(response, { changes: [{ type: 'case', case: cases[index] }], nextCursor: cycle[index], hasMore: true })
      })
      cleanups.push(() => server.close())
      const { engine } = engineWith(teamConfig(server.url), reviewApi())
      await engine.syncNow()
      expect(server.count()).toBeLessThanOrEqual(4)
      expect(engine.status()[0]!.fault).toMatch(/cursor-cycle|cursor-backwards/)
      await sleep(3_000)
      expect(server.count()).toBeLessThanOrEqual(4 * 4)
    }, 20_000)
  }
})

describe('a Review API service whose answers are slow or endless', () => {
  it('an answer that trickles in (slow loris) is cut off by the request timeout, and named, even after a garbage collection', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"changes": [')
      const timer = setInterval(() => response.write(' '), 200)
      response.on('close', () => clearInterval(timer))
    })
    cleanups.push(() => server.close())
    const { engine } = engineWith(teamConfig(server.url), reviewApi(1_500))
    const started = Date.now()
    // The garbage collector runs, as it does in any app that works: the request timeout must still fire.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const collecting = setInterval(gc, 100)
    cleanups.push(() => clearInterval(collecting))
    const done = await Promise.race([engine.syncNow().then(() => 'timed out as asked'), sleep(8_000).then(() => 'still waiting after 8 s')])
    expect(done).toBe('timed out as asked')
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(engine.status()[0]).toMatchObject({ state: 'offline' })
    expect(engine.status()[0]!.lastError).toMatch(/did not finish within 1.5 s/)
  }, 20_000)

  it('an endless chunked answer (no content-length) is refused at the byte limit, not read until the timeout', async () => {
    // 64 MiB a second, as long as the client reads; the client's limit is 128 MiB.
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    let written = 0
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"changes": [')
      const timer = setInterval(() => {
        for (let i = 0; i < 16; i++) {
          response.write(chunk)
          written += chunk.length
        }
      }, 250)
      response.on('close', () => clearInterval(timer))
    })
    cleanups.push(() => server.close())
    const { engine } = engineWith(teamConfig(server.url), reviewApi(8_000))
    await Promise.race([engine.syncNow(), sleep(15_000)])
    const status = engine.status()[0]!
    engine.stop()
    // Refused once over the limit: about 2 s of writing, never the full 8 s (512 MiB).
    expect(status.lastError).toMatch(/over the 134217728-byte limit/)
    expect(written).toBeLessThan(200 * 1024 * 1024)
  }, 60_000)
})

describe('a Review API service that fails and recovers', () => {
  it('500s then invalid JSON: retried with backoff, named, the cursor kept', async () => {
    let n = 0
    const times: number[] = []
    const server = await rawServer((_request, response) => {
      times.push(Date.now())
      n += 1
      if (n % 2 === 1) json(response, { detail: 'database on fire' }, 500)
      else {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end('{"changes": [,,]')
      }
    })
    cleanups.push(() => server.close())
    const { engine, db } = engineWith(teamConfig(server.url), reviewApi())
    new CursorsRepository(db).set('team', '77', 'now')
    await engine.syncNow()
    expect(engine.status()[0]!.lastError).toMatch(/HTTP 500.*database on fire/)
    await sleep(4_000)
    // Floors 0.5 s, 1 s, 2 s: at most 4 requests in 4 s.
    expect(server.count()).toBeLessThanOrEqual(4)
    expect(server.count()).toBeGreaterThanOrEqual(2)
    expect(engine.status()[0]!.lastError).toMatch(/HTTP 500|invalid JSON/)
    expect(new CursorsRepository(db).get('team')).toBe('77')
  }, 20_000)
})

describe('push answers that repeat every result, or fail', () => {
  it('every decision answered twice, then 500s: nothing settles, pushes back off and stop, the outbox is intact', async () => {
    const { openWithBackend, newToken, teamQueue, waitFor } = await import('../fixtures/sync-fixtures')
    const cases = generateCases({ count: 2, seed: 21, baseTime: new Date(), idPrefix: 'dup' })
    let posts = 0
    const server = await (async () => {
      const counts = { n: 0 }
      const s: Server = createServer((request, response) => {
        let body = ''
        request.on('data', (chunk: Buffer) => (body += chunk.toString()))
        request.on('end', () => {
          counts.n += 1
          const path = new URL(request.url!, 'http://x').pathname
          if (path === '/v1/cases') return json(response, { changes: cases.map((c) => ({ type: 'case', case: c })), nextCursor: '2', hasMore: false })
          if (path.startsWith('/v1/reviewer/keys/')) return json(response, { kid: decodeURIComponent(path.split('/').pop()!) })
          if (path === '/v1/decisions') {
            posts += 1
            if (posts > 1) return json(response, { detail: 'down' }, 500)
            const sent = (JSON.parse(body) as { decisions: { id: string }[] }).decisions
            return json(response, { results: sent.flatMap((d) => [{ decisionId: d.id, status: 'accepted' }, { decisionId: d.id.toUpperCase(), status: 'accepted' }]) })
          }
          json(response, { detail: 'not here' }, 404)
        })
      })
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
      return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: async () => { s.closeAllConnections(); await new Promise((r) => s.close(r)) } }
    })()
    cleanups.push(() => server.close())
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const app = await openWithBackend(dir.path, server, newToken())
    cleanups.push(() => app.close())
    await app.sync.syncNow()
    const [row] = teamQueue(app)
    const { reviewCase } = app.review.caseDetail(row!.casePk)
    const option = reviewCase.options[0]?.id
    await app.review.decide({ casePk: row!.casePk, revision: reviewCase.revision, outcome: option ? 'choose-option' : 'approve', optionId: option, openedAt: new Date().toISOString() })
    await waitFor(() => app.sync.status()[0]!, (status) => status.fault === 'mismatched-answer')
    expect(app.sync.status()[0]!.lastError).toMatch(/1 answered more than once/)
    const outbox = () => app.db.prepare<[], { state: string }>('SELECT state FROM outbox').all()
    expect(outbox()).toEqual([{ state: 'pending' }])
    await sleep(4_000)
    // Held 1 s after the mismatch, then 500s with backoff: a handful of posts, not a stream.
    expect(posts).toBeLessThanOrEqual(5)
    expect(outbox()).toEqual([{ state: 'pending' }])
    expect(app.sync.status()[0]).toMatchObject({ pendingPushes: 1 })
  }, 30_000)
})
