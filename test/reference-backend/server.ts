import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'
import { REROUTE_TARGETS_MAX, type RerouteTarget } from '../../shared/domain/reroute-target'
import { describeIssues } from '../../shared/domain/validation-message'
import {
  LEASE_SECONDS_LIMIT,
  leaseBatchRequestSchema,
  leaseReleaseRequestSchema,
  leaseRequestSchema,
  REVIEW_API_REVISION,
  type LeaseBatchResult,
  publicKeySchema,
  pushRequestSchema,
  REVIEW_API_BASE_PATH,
  type DecisionEnvelope,
  type Problem
} from '../../shared/review-api/protocol'
import { generateCases } from '../fixtures/case-generator'
import { ReferenceStore, type Refusal } from './store'
import { verifyEnvelope } from './verify'
import { parseJson, stringifyJson } from '../../shared/json/exact-json'

/**
 * A reference implementation of the Review API v1 on its own SQLite file. Tests start it on a
 * free loopback port; `npm run backend` starts it by hand. The app never imports it.
 */
export interface ReferenceBackendOptions {
  dbFile: string
  port?: number
  /** Bearer token → reviewer id. */
  tokens: Record<string, string>
  /** Token for the /admin endpoints (assign, revise, withdraw, reassign). */
  adminToken?: string
  /** Checks each pushed envelope before it is applied; by default, its signature (verify.ts). */
  verifyEnvelope?: (store: ReferenceStore, reviewer: string, envelope: DecisionEnvelope) => Promise<Refusal>
  /** Called with each decision batch before it is applied: tests use it to stall or crash a client. */
  beforePush?: (envelopes: DecisionEnvelope[]) => Promise<void> | void
  /** Called with each change-feed page once read from the store, before it is sent: tests use it to hold a pull at a chosen point. */
  beforeAnswerPull?: (page: { changes: readonly unknown[]; hasMore: boolean }) => Promise<void> | void
  /** Team name → member reviewer ids: a case assigned to a team reaches every member. */
  teams?: Record<string, readonly string[]>
  /** The longest lease granted, in seconds (default three days). */
  maxLeaseSeconds?: number
  /** The service's clock in ms, for leases: tests move it forward a day instead of waiting. */
  now?: () => number
  /**
   * What `GET /v1/reroute-targets` lists. By default, for each reviewer, the other reviewers (by
   * id) and the teams they are not in; null: the endpoint is absent, as in a 1.1 service.
   */
  rerouteTargets?: readonly RerouteTarget[] | null
}

export interface ReferenceBackend {
  url: string
  port: number
  store: ReferenceStore
  /** Every request the backend has answered, for tests that check what the client sent. */
  requests: { method: string; path: string; authorization: string | undefined }[]
  close(): Promise<void>
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    /** RFC 9457 extension members, e.g. a lease's holder. */
    readonly extensions: Record<string, unknown> = {}
  ) {
    super(title)
  }
}

const MAX_BODY_BYTES = 64 * 1024 * 1024
const adminSeedSchema = z.object({ count: z.number().int().positive().max(100_000), assignee: z.string().min(1), seed: z.number().int().optional(), idPrefix: z.string().optional() })
const reassignSchema = z.object({ to: z.string().min(1) })

export async function startReferenceBackend(options: ReferenceBackendOptions): Promise<ReferenceBackend> {
  const store = new ReferenceStore(options.dbFile, options.teams)
  const now = options.now ?? Date.now
  const maxLeaseSeconds = Math.min(options.maxLeaseSeconds ?? 3 * 86_400, LEASE_SECONDS_LIMIT)
  const grant = (caseId: string, reviewer: string, ttlSeconds: number): LeaseBatchResult => {
    const result = store.lease(caseId, reviewer, Math.min(ttlSeconds, maxLeaseSeconds), now())
    if ('notFound' in result) return { caseId, status: 'not-found' }
    if ('heldBy' in result) return { caseId, status: 'conflict', holder: result.heldBy, expiresAt: new Date(result.expiresAt).toISOString() }
    return { caseId, status: 'held', leaseId: result.leaseId, holder: reviewer, expiresAt: new Date(result.expiresAt).toISOString() }
  }
  const verify = options.verifyEnvelope ?? verifyEnvelope
  const requests: ReferenceBackend['requests'] = []

  function reviewerOf(request: IncomingMessage): string {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    const reviewer = token === undefined ? undefined : options.tokens[token]
    if (!reviewer) throw new HttpProblem(401, 'Unauthorized', 'A valid bearer token is required.')
    return reviewer
  }

  /** Who `reviewer` may reroute a case to (see `ReferenceBackendOptions.rerouteTargets`). */
  function rerouteTargetsFor(reviewer: string): readonly RerouteTarget[] {
    if (options.rerouteTargets) return options.rerouteTargets
    const teams = Object.entries(options.teams ?? {}).filter(([, members]) => !members.includes(reviewer))
    const people = [...new Set(Object.values(options.tokens))].filter((other) => other !== reviewer)
    return [...teams.map(([team]) => ({ id: team, label: `${team} (team)` })), ...people.map((other) => ({ id: other, label: other }))].slice(0, REROUTE_TARGETS_MAX)
  }

  function requireAdmin(request: IncomingMessage): void {
    if (!options.adminToken || request.headers.authorization !== `Bearer ${options.adminToken}`) {
      throw new HttpProblem(401, 'Unauthorized', 'The admin token is required.')
    }
  }

  async function route(request: IncomingMessage, url: URL): Promise<unknown> {
    const { pathname } = url
    const method = request.method ?? 'GET'
    const api = (path: string) => REVIEW_API_BASE_PATH + path

    if (method === 'GET' && pathname === api('/health')) {
      const revision = options.rerouteTargets === null ? '1.1' : REVIEW_API_REVISION
      return { status: 'ok', service: 'countersign-reference-backend', reviewer: reviewerOf(request), revision, maxLeaseSeconds }
    }
    if (method === 'GET' && pathname === api('/reroute-targets') && options.rerouteTargets !== null) {
      return { targets: rerouteTargetsFor(reviewerOf(request)) }
    }
    if (method === 'GET' && pathname === api('/cases')) {
      const reviewer = reviewerOf(request)
      const cursor = url.searchParams.get('cursor') ?? '0'
      if (!/^\d+$/.test(cursor)) throw new HttpProblem(400, 'Bad cursor', `"${cursor}" is not a cursor this service issued.`)
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 200) || 200, 1000)
      const withLeases = (url.searchParams.get('include') ?? '').split(',').includes('leases')
      const page = store.changesFor(reviewer, Number(cursor), limit, withLeases)
      await options.beforeAnswerPull?.(page)
      return { changes: page.changes, nextCursor: String(page.lastSeq), hasMore: page.hasMore }
    }
    const one = new RegExp(`^${api('/cases')}/([^/]+)$`).exec(pathname)
    if (method === 'GET' && one) {
      reviewerOf(request)
      const found = store.getCase(decodeURIComponent(one[1]!))
      if (!found || found.state !== 'open') throw new HttpProblem(404, 'Not found', `There is no open case "${decodeURIComponent(one[1]!)}".`)
      return { case: found.case, assignee: found.assignee }
    }
    const lease = new RegExp(`^${api('/cases')}/([^/]+)/lease$`).exec(pathname)
    if (lease) {
      const reviewer = reviewerOf(request)
      const caseId = decodeURIComponent(lease[1]!)
      if (method === 'DELETE') return { released: store.releaseLease(caseId, reviewer) }
      if (method === 'POST') {
        const { ttlSeconds } = parse(leaseRequestSchema, await readJson(request))
        const result = grant(caseId, reviewer, ttlSeconds)
        if (result.status === 'not-found') throw new HttpProblem(404, 'Not found', `There is no open case "${caseId}".`)
        if (result.status === 'conflict') {
          throw new HttpProblem(409, 'Leased', `The case is leased by ${result.holder} until ${result.expiresAt}.`, { holder: result.holder, expiresAt: result.expiresAt })
        }
        return { caseId, leaseId: result.leaseId, holder: result.holder, expiresAt: result.expiresAt }
      }
    }
    if (method === 'POST' && pathname === api('/leases')) {
      const reviewer = reviewerOf(request)
      const { caseIds, ttlSeconds } = parse(leaseBatchRequestSchema, await readJson(request))
      return { results: store.db.transaction(() => caseIds.map((caseId) => grant(caseId, reviewer, ttlSeconds)))() }
    }
    if (method === 'POST' && pathname === api('/leases/release')) {
      const reviewer = reviewerOf(request)
      const { caseIds } = parse(leaseReleaseRequestSchema, await readJson(request))
      return { released: store.db.transaction(() => caseIds.filter((caseId) => store.releaseLease(caseId, reviewer)))() }
    }
    if (method === 'POST' && pathname === api('/decisions')) {
      const reviewer = reviewerOf(request)
      const { decisions } = parse(pushRequestSchema, await readJson(request))
      await options.beforePush?.(decisions)
      const refusals = await Promise.all(decisions.map((envelope) => verify(store, reviewer, envelope)))
      // One transaction per batch; each decision still applies (or not) on its own.
      return { results: store.db.transaction(() => decisions.map((envelope, index) => store.applyDecision(reviewer, envelope, refusals[index]!)))() }
    }
    const key = new RegExp(`^${api('/reviewer/keys')}/([^/]+)$`).exec(pathname)
    if (method === 'PUT' && key) {
      const reviewer = reviewerOf(request)
      const body = parse(publicKeySchema, await readJson(request))
      if (body.kid !== decodeURIComponent(key[1]!)) throw new HttpProblem(400, 'Key id mismatch', 'The kid in the path and the body differ.')
      store.registerKey(reviewer, body.kid, body.jwk)
      return { kid: body.kid, registered: true }
    }
    if (pathname.startsWith('/admin/')) return admin(request, method, pathname)
    throw new HttpProblem(404, 'Not found', `${method} ${pathname} is not part of the Review API.`)
  }

  async function admin(request: IncomingMessage, method: string, pathname: string): Promise<unknown> {
    requireAdmin(request)
    if (method === 'POST' && pathname === '/admin/seed') {
      const { count, assignee, seed, idPrefix } = parse(adminSeedSchema, await readJson(request))
      store.putCases(generateCases({ count, seed: seed ?? 1, idPrefix: idPrefix ?? 'case', baseTime: new Date() }), assignee)
      return { seeded: count }
    }
    if (method === 'GET' && pathname === '/admin/decisions') return { decisions: store.decisions() }
    const action = /^\/admin\/cases\/([^/]+)\/(revise|withdraw|reassign)$/.exec(pathname)
    if (method === 'POST' && action) {
      const caseId = decodeURIComponent(action[1]!)
      if (!store.getCase(caseId)) throw new HttpProblem(404, 'Not found', `There is no case "${caseId}".`)
      if (action[2] === 'revise') store.revise(caseId, (c) => ({ ...c, title: `${c.title} (revised)` }))
      if (action[2] === 'withdraw') store.withdraw(caseId)
      if (action[2] === 'reassign') store.reassign(caseId, parse(reassignSchema, await readJson(request)).to)
      return { caseId, done: action[2] }
    }
    throw new HttpProblem(404, 'Not found', `${method} ${pathname} is not an admin endpoint.`)
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://backend')
    requests.push({ method: request.method ?? 'GET', path: url.pathname, authorization: request.headers.authorization })
    route(request, url)
      .then((body) => send(response, 200, 'application/json', body))
      .catch((error: unknown) => {
        const problem: Problem =
          error instanceof HttpProblem
            ? { ...error.extensions, type: 'about:blank', title: error.title, status: error.status, detail: error.detail }
            : { type: 'about:blank', title: 'Internal error', status: 500, detail: String(error) }
        send(response, problem.status, 'application/problem+json', problem)
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          store.close()
          resolve()
        })
      })
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value)
  if (!result.success) throw new HttpProblem(400, 'Invalid request', describeIssues(result.error))
  return result.data
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'Too large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`)
    chunks.push(chunk as Buffer)
  }
  try {
    return parseJson(Buffer.concat(chunks).toString('utf8') || 'null')
  } catch (error) {
    throw new HttpProblem(400, 'Invalid JSON', (error as Error).message)
  }
}

function send(response: ServerResponse, status: number, type: string, body: unknown): void {
  response.writeHead(status, { 'content-type': type })
  response.end(stringifyJson(body))
}
