import type { BackendConfig } from '../../../../shared/backends/backend-config'
import { z } from 'zod'
import {
  caseLookupSchema,
  healthSchema,
  pushResponseSchema,
  rerouteTargetsResponseSchema,
  REVIEW_API_BASE_PATH,
  type DecisionEnvelope
} from '../../../../shared/review-api/protocol'
import { BackendError, ProtocolFaultError, type BackendAdapter } from '../backend-adapter'
import { sharedCasePrepPool, type CasePrepPool } from '../../sync/case-prep/case-prep-pool'
import { HttpStatusError, requestBytes, requestJson, type JsonRequest } from '../http-json'

export interface ReviewApiOptions {
  config: Extract<BackendConfig, { kind: 'review-api' }>
  /** The bearer token, read from the keychain when first needed. */
  readToken(): Promise<string | null>
  requestTimeoutMs?: number
  pageSize?: number
  /** Where change-feed pages are parsed and their cases prepared (default: the process's worker threads). */
  casePrep?: CasePrepPool
}

const keyRegisteredSchema = z.object({ kid: z.string() })

/** The Review API v1 over HTTP+JSON (see resources/review-api/README.md). */
export function reviewApiAdapter(options: ReviewApiOptions): BackendAdapter {
  const base = options.config.baseUrl.replace(/\/+$/, '') + REVIEW_API_BASE_PATH
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  let token: string | null = null

  async function describe(method: string, path: string, signal: AbortSignal, body?: unknown): Promise<JsonRequest> {
    token ??= await options.readToken()
    if (!token) throw new BackendError('config', `No token is stored for "${options.config.name}"; add one in Settings.`)
    const what = `${method} ${REVIEW_API_BASE_PATH}${path.split('?')[0]}`
    return { backendName: options.config.name, method, url: base + path, what, headers: { authorization: `Bearer ${token}` }, body, signal, timeoutMs }
  }

  async function request<T extends z.ZodType>(method: string, path: string, schema: T, signal: AbortSignal, body?: unknown): Promise<z.output<T>> {
    return requestJson(await describe(method, path, signal, body), schema)
  }

  const { name } = options.config
  const pageSize = options.pageSize ?? 500
  const casePrep = options.casePrep ?? sharedCasePrepPool()

  return {
    /**
     * One page of the change feed, parsed and its cases prepared in a worker thread (the services'
     * thread only reads the bytes off the socket); a page over the limit asked for, or whose cursor
     * goes backwards, is refused whole.
     */
    async pull(cursor, signal) {
      // include=leases (protocol 1.1): colleagues' claims arrive with the cases; 1.0 services ignore it.
      const query = new URLSearchParams({ limit: String(pageSize), include: 'leases' })
      if (cursor !== null) query.set('cursor', cursor)
      const described = await describe('GET', `/cases?${query}`, signal)
      const page = await casePrep.preparePage(await requestBytes(described), name, described.what)
      if (page.changes.length > pageSize) {
        throw new ProtocolFaultError('oversized-page', `${name} broke the sync protocol: it sent ${page.changes.length} changes to a request for at most ${pageSize}; nothing from that page was applied.`)
      }
      if (cursor !== null && compareCursors(page.nextCursor, cursor) < 0) {
        throw new ProtocolFaultError('cursor-backwards', `${name} broke the sync protocol: its cursor goes backwards (from "${cursor}" to "${page.nextCursor}"); nothing from that page was applied.`)
      }
      return page
    },

    async push(envelopes: DecisionEnvelope[], signal) {
      const { results } = await request('POST', '/decisions', pushResponseSchema, signal, { decisions: envelopes })
      return results
    },

    async checkHealth(signal) {
      await request('GET', '/health', healthSchema, signal)
    },

    /** `GET /v1/reroute-targets` (1.2); a service without it (404: 1.1 or older) lists none, and the reviewer is told why. */
    async rerouteTargets(signal) {
      try {
        const { targets } = await request('GET', '/reroute-targets', rerouteTargetsResponseSchema, signal)
        return { targets, unlisted: null }
      } catch (error) {
        if (!(error instanceof HttpStatusError) || error.status !== 404) throw error
        return { targets: [], unlisted: `${name} does not list reroute targets (its Review API is older than 1.2).` }
      }
    },

    lookUpCase(caseId, signal) {
      return request('GET', `/cases/${encodeURIComponent(caseId)}`, caseLookupSchema, signal)
    },

    async registerKey({ kid, jwk }, signal) {
      await request('PUT', `/reviewer/keys/${encodeURIComponent(kid)}`, keyRegisteredSchema, signal, { kid, jwk })
    }
  }
}

/** Cursors never go backwards: compared as integers when both are decimal, else by code units. */
export function compareCursors(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const [x, y] = [BigInt(a), BigInt(b)]
    return x < y ? -1 : x > y ? 1 : 0
  }
  return a < b ? -1 : a > b ? 1 : 0
}
