import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import type { BackendAdapter } from '../../electron/services/backends/backend-adapter'
import { langgraphAdapter } from '../../electron/services/backends/langgraph/langgraph-adapter'
import { reviewApiAdapter } from '../../electron/services/backends/review-api/review-api-adapter'
import { openDatabase, type Db } from '../../electron/services/db/connection'
import { CursorsRepository } from '../../electron/services/db/repositories/sync-repositories'
import { WorkspacesRepository } from '../../electron/services/db/repositories/workspaces-repository'
import { fileLogger } from '../../electron/services/logging/logger'
import { MAX_EMPTY_PAGES } from '../../electron/services/sync/pass-progress'
import { SyncEngine } from '../../electron/services/sync/sync-engine'
import type { BackendConfig } from '../../shared/backends/backend-config'
import { generateCases } from '../fixtures/case-generator'
import { newToken, openWithBackend, teamQueue, waitFor } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'
import { openRepositories } from '../../electron/services/db/repositories'

// Real HTTP servers on loopback that break the sync protocol, one way per test. Each time the
// client must stop looping, say in its status which fault it met, retry only with backoff, and
// keep its cache and outbox as they were.

type Handler = (request: IncomingMessage, body: string) => { status?: number; json: unknown }

/** A loopback server answering with `handler`, counting requests per `METHOD /path`. */
async function misbehavingServer(handler: Handler): Promise<{ url: string; count(what: string): number; total(): number; close(): Promise<void> }> {
  const counts = new Map<string, number>()
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const what = `${request.method} ${new URL(request.url!, 'http://x').pathname}`
      counts.set(what, (counts.get(what) ?? 0) + 1)
      const answer = handler(request, body)
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(answer.json))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: (what) => counts.get(what) ?? 0,
    total: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A sync engine on a fresh cache, with one backend whose adapter `makeAdapter` builds. */
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
const reviewApi = (pageSize?: number) => (config: BackendConfig) => reviewApiAdapter({ config: config as never, readToken: async () => 'token', requestTimeoutMs: 2_000, pageSize })
const cachedCases = (db: Db) => db.prepare('SELECT id, revision, state, body FROM cases ORDER BY id').all()

describe('a Review API service that breaks the protocol', () => {
  it('a cursor that stands still while hasMore stays true (the case file): two requests, then backoff, named in the status', async () => {
    const file = JSON.parse(readFileSync(join(__dirname, '../fixtures/cases/review-api-cursor-stands-still.json'), 'utf8')) as { first: unknown; later: unknown }
    const server = await misbehavingServer((request) => ({ json: new URL(request.url!, 'http://x').searchParams.has('cursor') ? file.later : file.first }))
    cleanups.push(() => server.close())
    const { engine, db } = engineWith(teamConfig(server.url), reviewApi())
    await engine.syncNow()
    expect(server.count('GET /v1/cases')).toBe(2)
    const status = engine.status()[0]!
    expect(status).toMatchObject({ state: 'error', fault: 'cursor-stuck' })
    expect(status.lastError).toBe('Team broke the sync protocol: it says there is more, but its cursor stands still at "100". Sync stopped there and will try again later.')
    // The page's valid case was kept, and the cursor it gave.
    expect(cachedCases(db)).toMatchObject([{ id: 'inv-1', revision: 1, state: 'pending' }])
    expect(new CursorsRepository(db).get('team')).toBe('100')
    // Left alone, it retries with backoff (at most 1 s, then 2 s…), one request per pass: not thousands a second.
    await sleep(3_500)
    expect(server.count('GET /v1/cases')).toBeLessThanOrEqual(5)
    expect(engine.status()[0]!.fault).toBe('cursor-stuck')
  })

  it('pages that move their cursor but bring nothing, for ever: stops after a bounded number', async () => {
    const server = await misbehavingServer((request) => {
      const cursor = Number(new URL(request.url!, 'http://x').searchParams.get('cursor') ?? 0)
      return { json: { changes: [], nextCursor: String(cursor + 1), hasMore: true } }
    })
    cleanups.push(() => server.close())
    const { engine } = engineWith(teamConfig(server.url), reviewApi())
    await engine.syncNow()
    expect(server.count('GET /v1/cases')).toBe(MAX_EMPTY_PAGES)
    expect(engine.status()[0]).toMatchObject({ state: 'error', fault: 'empty-pages' })
    expect(engine.status()[0]!.lastError).toMatch(/20 pages in a row brought nothing/)
  })

  it('a page far beyond the limit asked for: refused whole, nothing applied', async () => {
    const cases = generateCases({ count: 30, seed: 3, baseTime: new Date() })
    const server = await misbehavingServer(() => ({ json: { changes: cases.map((c) => ({ type: 'case', case: c })), nextCursor: '30', hasMore: false } }))
    cleanups.push(() => server.close())
    const { engine, db } = engineWith(teamConfig(server.url), reviewApi(10))
    await engine.syncNow()
    expect(server.count('GET /v1/cases')).toBe(1)
    expect(engine.status()[0]).toMatchObject({ state: 'error', fault: 'oversized-page' })
    expect(engine.status()[0]!.lastError).toMatch(/it sent 30 changes to a request for at most 10; nothing from that page was applied/)
    expect(cachedCases(db)).toEqual([])
    expect(new CursorsRepository(db).get('team')).toBeNull()
  })

  describe('push answers that do not match the decisions sent', () => {
    let services: AppServices | undefined
    afterEach(() => {
      services?.close()
      services = undefined
    })

    it('settles what was answered (UUIDs matched case-insensitively), keeps the rest, backs off, and stops resending until synced by hand', async () => {
      const cases = generateCases({ count: 3, seed: 5, baseTime: new Date(), idPrefix: 'mm' })
      // Never answers for decisions on mm-00003, and then adds an answer for a decision nobody
      // sent; answers the rest, the first of each batch with its UUID in upper case.
      let unansweredSends = 0
      const server = await misbehavingServer((request, body) => {
        const path = new URL(request.url!, 'http://x').pathname
        if (path === '/v1/cases') return { json: { changes: cases.map((c) => ({ type: 'case', case: c })), nextCursor: '3', hasMore: false } }
        if (path.startsWith('/v1/reviewer/keys/')) return { json: { kid: decodeURIComponent(path.split('/').pop()!) } }
        if (path === '/v1/decisions') {
          const sent = (JSON.parse(body) as { decisions: { id: string; caseId: string }[] }).decisions
          const dropped = sent.filter((decision) => decision.caseId === 'mm-00003').length
          unansweredSends += dropped
          const answered = sent.filter((decision) => decision.caseId !== 'mm-00003').map((decision, index) => ({ decisionId: index === 0 ? decision.id.toUpperCase() : decision.id, status: 'accepted' }))
          const stranger = dropped > 0 ? [{ decisionId: '00000000-0000-4000-8000-000000000000', status: 'accepted' }] : []
          return { json: { results: [...answered, ...stranger] } }
        }
        return { status: 404, json: { detail: 'not here' } }
      })
      cleanups.push(() => server.close())
      const dir = makeTempDir()
      cleanups.push(() => dir.remove())
      const app = await openWithBackend(dir.path, server, newToken())
      services = app
      await app.sync.syncNow()
      const rows = teamQueue(app).sort((a, b) => a.caseId.localeCompare(b.caseId))
      expect(rows.map((row) => row.caseId)).toEqual(['mm-00001', 'mm-00002', 'mm-00003'])
      const decisionIds: string[] = []
      for (const row of rows) {
        const { reviewCase } = app.review.caseDetail(row.casePk)
        const option = reviewCase.options[0]?.id
        const receipt = await app.review.decide({ casePk: row.casePk, revision: reviewCase.revision, outcome: option ? 'choose-option' : 'approve', optionId: option, openedAt: new Date().toISOString() })
        decisionIds.push(receipt.decisionId)
      }
      await waitFor(() => app.sync.status()[0]!, (status) => status.fault === 'mismatched-answer' && status.pendingPushes === 1)
      const status = app.sync.status()[0]!
      expect(status).toMatchObject({ state: 'error' })
      expect(status.lastError).toMatch(/^Team cases broke the sync protocol: its answer does not match the decisions sent \(no answer for 1 of (1 decision|\d decisions); 1 answer for decisions it was not sent\)/)
      const outbox = () => app.db.prepare<[], { decision_id: string; state: string; envelope: string }>('SELECT decision_id, state, envelope FROM outbox ORDER BY created_at').all()
      expect(outbox().map((row) => [row.decision_id, row.state])).toEqual([
        [decisionIds[0], 'delivered'],
        [decisionIds[1], 'delivered'],
        [decisionIds[2], 'pending']
      ])
      const kept = outbox()[2]!

      // Left alone, it is resent only with backoff (held 1 s, then 2 s…).
      await sleep(3_500)
      expect(unansweredSends).toBeLessThanOrEqual(3)
      // Each sync by hand sends it once more; after five mismatched answers in a row nothing more goes by itself.
      for (let n = 0; n < 5; n++) await app.sync.syncNow()
      await waitFor(() => app.sync.status()[0]!.lastError ?? '', (error) => /wait until you sync by hand/.test(error))
      const stopped = unansweredSends
      await sleep(2_500)
      expect(unansweredSends).toBe(stopped)
      // The undelivered decision is exactly as it was: same id, same signed envelope, still pending.
      expect(outbox()[2]).toEqual(kept)
      expect(app.sync.status()[0]).toMatchObject({ state: 'error', fault: 'mismatched-answer', pendingPushes: 1 })
    })
  })
})

describe('a LangGraph server that breaks the protocol', () => {
  const interrupted = (threadId: string, extra: Record<string, unknown> = {}) => ({
    thread_id: threadId,
    updated_at: '2026-11-20T09:00:00Z',
    status: 'interrupted',
    metadata: { graph_id: 'agent' },
    values: {},
    interrupts: { task: [{ id: `i-${threadId.slice(0, 4)}`, value: { actionRequests: [{ name: 'send_email', args: { to: 'a@example.org' } }], reviewConfigs: [] } }] },
    ...extra
  })
  const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']
  const agents = (url: string): BackendConfig => ({ id: 'agents', kind: 'langgraph', name: 'Agents', url, syncIntervalSeconds: 3600 })
  const langgraph = (pageSize: number) => (config: BackendConfig) => langgraphAdapter({ config: config as never, readApiKey: async () => null, pageSize, reviewer: 'reviewer@example.com' })

  it('a search that ignores its offset and lists the same threads on every page: stops at the repeat, withdraws nothing', async () => {
    const server = await misbehavingServer(() => ({ json: ids.map((id) => interrupted(id)) }))
    cleanups.push(() => server.close())
    const { engine, db } = engineWith(agents(server.url), langgraph(2))
    await engine.syncNow()
    expect(server.count('POST /threads/search')).toBe(2)
    expect(engine.status()[0]).toMatchObject({ state: 'error', fault: 'cursor-cycle' })
    expect(engine.status()[0]!.lastError).toMatch(/the page after "2" held only items it already sent in this pass/)
    expect(cachedCases(db).map((row) => (row as { id: string }).id)).toEqual(ids.map((id) => `${id}:i-${id.slice(0, 4)}`))
    // The pass never completed, so nothing was asked about or withdrawn.
    expect(server.total()).toBe(2)
  })

  it('a thread it cannot read becomes a case saying why; a cached case stays while its thread still waits on it, and goes once it does not', async () => {
    const unreadableThread = { ...interrupted(ids[1]!), interrupts: 'not a map' }
    let listed: unknown[] = [interrupted(ids[0]!), unreadableThread]
    // What GET /threads/{id} answers, per thread.
    const current: Record<string, unknown> = { [ids[0]!]: interrupted(ids[0]!), [ids[1]!]: unreadableThread }
    const server = await misbehavingServer((request) => {
      if (request.url!.startsWith('/threads/search')) return { json: listed }
      return { json: current[request.url!.split('/').pop()!] ?? {} }
    })
    cleanups.push(() => server.close())
    const { engine, db } = engineWith(agents(server.url), langgraph(100))
    await engine.syncNow()
    expect(engine.status()[0]).toMatchObject({ state: 'idle', lastError: null, fault: null })
    const rows = () => db.prepare<[], { id: string; state: string; body: string }>("SELECT id, state, body FROM cases ORDER BY id").all()
    expect(rows().map((row) => [row.id, row.state])).toEqual([
      [`${ids[0]}:i-1111`, 'pending'],
      [`${ids[1]}:unreadable`, 'pending']
    ])
    const unreadable = JSON.parse(rows()[1]!.body) as { title: string; decisionNeeded: string; options: unknown[] }
    expect(unreadable.title).toBe('Thread 22222222 cannot be read · LangGraph')
    expect(unreadable.decisionNeeded).toMatch(/cannot be read: interrupts: .*Countersign leaves the thread alone/)
    expect(unreadable.options).toEqual([])

    // No longer listed, but each thread still shows its request pending (a run is starting; it still cannot be read): kept.
    listed = []
    current[ids[0]!] = { ...interrupted(ids[0]!), status: 'busy' }
    await engine.syncNow()
    expect(rows().map((row) => row.state)).toEqual(['pending', 'pending'])
    // An answer about another thread, or one that cannot be read: kept, not guessed gone.
    current[ids[0]!] = interrupted(ids[1]!)
    await engine.syncNow()
    current[ids[0]!] = { thread_id: 42 }
    await engine.syncNow()
    expect(rows().map((row) => row.state)).toEqual(['pending', 'pending'])
    // The run moved on, and the other thread reads again with nothing pending: both withdrawn.
    current[ids[0]!] = { ...interrupted(ids[0]!), status: 'idle', interrupts: {} }
    current[ids[1]!] = { ...interrupted(ids[1]!), status: 'idle', interrupts: {} }
    await engine.syncNow()
    expect(rows().map((row) => row.state)).toEqual(['withdrawn', 'withdrawn'])
  })

  it('keeps no revisions: the cache numbers them, so an interrupt whose arguments are edited in place is the next revision, and a thread read again unchanged keeps its own', async () => {
    let thread: Record<string, unknown> = interrupted(ids[0]!, { created_at: '2026-11-30T08:00:00Z', updated_at: '2026-11-30T08:00:01Z' })
    const server = await misbehavingServer((request) => ({ json: request.url!.startsWith('/threads/search') ? [thread] : thread }))
    cleanups.push(() => server.close())
    const { engine, db } = engineWith(agents(server.url), langgraph(100))
    const cached = () => db.prepare<[], { revision: number; body: string }>('SELECT revision, body FROM cases').get()!
    await engine.syncNow()
    const first = cached()
    expect(first.revision).toBe(1)
    // Only its updated_at moves (a claim written to its metadata): the same case, the same revision.
    thread = { ...thread, updated_at: '2026-11-30T08:05:00Z', metadata: { graph_id: 'agent', 'countersign:claim': { holder: 'erin', expiresAt: '2026-11-30T08:07:00Z' } } }
    await engine.syncNow()
    expect(cached()).toEqual(first)
    // The same interrupt id, other arguments: the next revision, and no fault.
    thread = { ...thread, interrupts: { task: [{ id: 'i-1111', value: { actionRequests: [{ name: 'send_email', args: { to: 'b@example.org' } }], reviewConfigs: [] } }] } }
    await engine.syncNow()
    expect(cached().revision).toBe(2)
    expect(JSON.parse(cached().body)).toMatchObject({ revision: 2, proposal: { text: expect.stringContaining('b@example.org') } })
    expect(engine.status()[0]).toMatchObject({ state: 'idle', lastError: null, fault: null, quarantined: 0 })
  })
})
