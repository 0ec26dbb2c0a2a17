import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { reviewApiAdapter } from '../../electron/services/backends/review-api/review-api-adapter'
import { openDatabase, type Db } from '../../electron/services/db/connection'
import { CursorsRepository, QuarantineRepository } from '../../electron/services/db/repositories/sync-repositories'
import { WorkspacesRepository } from '../../electron/services/db/repositories/workspaces-repository'
import { fileLogger } from '../../electron/services/logging/logger'
import { SyncEngine } from '../../electron/services/sync/sync-engine'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { openRepositories } from '../../electron/services/db/repositories'

// A misbehaving server on loopback: each test sets how it answers GET /v1/cases. Every bad answer
// must give a clear error and leave what the cache already holds exactly as it was.

type Responder = (request: IncomingMessage, response: ServerResponse) => void
let respond: Responder
let server: Server
let url: string
let dir: ReturnType<typeof makeTempDir>
let db: Db
let engine: SyncEngine

const goodCases = generateCases({ count: 3, seed: 12, baseTime: new Date() })
const page = (changes: unknown[], nextCursor: string) => JSON.stringify({ changes, nextCursor, hasMore: false })
const json = (status: number, body: string, type = 'application/json'): Responder => (_request, response) => {
  response.writeHead(status, { 'content-type': type })
  response.end(body)
}
const snapshot = () => ({
  cases: db.prepare('SELECT * FROM cases ORDER BY pk').all(),
  cursor: new CursorsRepository(db).get('team')
})

beforeAll(async () => {
  server = createServer((request, response) => respond(request, response))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(async () => {
  dir?.remove()
  dir = makeTempDir()
  db = openDatabase(join(dir.path, 'cache.sqlite'))
  new WorkspacesRepository(db).upsert({ id: 'team', name: 'Team', kind: 'review-api', isDemo: false }, 'now')
  engine = new SyncEngine({
    repositories: openRepositories(db),
    logger: fileLogger(dir.path),
    emit: () => {},
    keys: { publicKeys: () => [] },
    createAdapter: (config) =>
      // Long enough for a 20 MB page on a loaded two-core machine; the timeout test waits it out once.
      reviewApiAdapter({ config: config as never, readToken: async () => 'secret-token', requestTimeoutMs: 3_000 })
  })
  // Start from a cache holding three cases and cursor "100".
  respond = json(200, page(goodCases.map((c) => ({ type: 'case', case: c })), '100'))
  engine.configure([{ id: 'team', kind: 'review-api', name: 'Team', baseUrl: url, syncIntervalSeconds: 3600 }])
  await engine.syncNow()
  expect(snapshot().cases).toHaveLength(3)
  return () => {
    engine.stop()
    db.close()
  }
})

async function syncAgainst(responder: Responder) {
  const before = snapshot()
  respond = responder
  await engine.syncNow()
  return { status: engine.status()[0]!, before, after: snapshot() }
}

describe('malformed server answers', () => {
  it('invalid JSON', async () => {
    const { status, before, after } = await syncAgainst(json(200, '{"changes": [{"type": "case", '))
    expect(status).toMatchObject({ state: 'error' })
    expect(status.lastError).toMatch(/^Team answered GET \/v1\/cases with invalid JSON: /)
    expect(after).toEqual(before)
  })

  it('wrong types', async () => {
    const { status, before, after } = await syncAgainst(json(200, JSON.stringify({ changes: 'none', nextCursor: 101, hasMore: 'no' })))
    expect(status.lastError).toMatch(/with data of the wrong shape: changes: .*nextCursor: .*hasMore: /)
    expect(after).toEqual(before)
  })

  it('HTTP 500 with a problem document', async () => {
    const problem = JSON.stringify({ type: 'about:blank', title: 'Database down', status: 500, detail: 'try later' })
    const { status, before, after } = await syncAgainst(json(500, problem, 'application/problem+json'))
    expect(status.lastError).toBe('Team failed on GET /v1/cases (HTTP 500): Database down — try later.')
    expect(after).toEqual(before)
  })

  it('a timeout', async () => {
    const { status, before, after } = await syncAgainst(() => {
      // Never answers.
    })
    expect(status).toMatchObject({ state: 'offline' })
    expect(status.lastError).toBe('Team did not answer GET /v1/cases within 3 s.')
    expect(after).toEqual(before)
  })

  it('a cursor that goes backwards', async () => {
    const revised = { ...goodCases[0]!, revision: 2, title: 'Should not be applied' }
    const { status, before, after } = await syncAgainst(json(200, page([{ type: 'case', case: revised }], '50')))
    expect(status).toMatchObject({ state: 'error', fault: 'cursor-backwards' })
    expect(status.lastError).toMatch(/its cursor goes backwards \(from "100" to "50"\); nothing from that page was applied/)
    expect(after).toEqual(before)
  })

  it('a 20 MB case is quarantined by name and field while the rest of the page applies', async () => {
    const huge = { ...generateCases({ count: 1, seed: 13, idPrefix: 'huge' })[0]!, source: { title: 'Huge', text: 'x'.repeat(20 * 1024 * 1024), language: 'plaintext' } }
    const fresh = generateCases({ count: 1, seed: 14, idPrefix: 'fresh' })[0]!
    const { status, before, after } = await syncAgainst(json(200, page([{ type: 'case', case: huge }, { type: 'case', case: fresh }], '101')))
    expect(status).toMatchObject({ state: 'idle', lastError: null, quarantined: 1 })
    const [quarantined] = new QuarantineRepository(db).list()
    expect(quarantined!.message).toMatch(/^case "huge-00001" \(#1\): source\.text: Too big/)
    expect(after.cases.slice(0, 3)).toEqual(before.cases)
    expect(after.cases).toHaveLength(4)
  })
})
