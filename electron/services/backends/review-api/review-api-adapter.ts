import type { BackendConfig } from '../../../../shared/backends/backend-config'
import { describeIssues } from '../../../../shared/domain/validation-message'
import { z } from 'zod'
import {
  caseLookupSchema,
  casePageSchema,
  healthSchema,
  problemSchema,
  pushResponseSchema,
  REVIEW_API_BASE_PATH,
  type DecisionEnvelope
} from '../../../../shared/review-api/protocol'
import { BackendError, type BackendAdapter } from '../backend-adapter'

export interface ReviewApiOptions {
  config: Extract<BackendConfig, { kind: 'review-api' }>
  /** The bearer token, read from the keychain when first needed. */
  readToken(): Promise<string | null>
  requestTimeoutMs?: number
  pageSize?: number
}

const keyRegisteredSchema = z.object({ kid: z.string() })

/** Larger answers are refused rather than read into memory. */
const MAX_RESPONSE_BYTES = 128 * 1024 * 1024

/** The Review API v1 over HTTP+JSON (see resources/review-api/README.md). */
export function reviewApiAdapter(options: ReviewApiOptions): BackendAdapter {
  const base = options.config.baseUrl.replace(/\/+$/, '') + REVIEW_API_BASE_PATH
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  let token: string | null = null

  async function request<T extends z.ZodType>(method: string, path: string, schema: T, signal: AbortSignal, body?: unknown): Promise<z.output<T>> {
    token ??= await options.readToken()
    if (!token) throw new BackendError('config', `No token is stored for "${options.config.name}"; add one in Settings.`)
    const what = `${method} ${REVIEW_API_BASE_PATH}${path.split('?')[0]}`
    let response: Response
    try {
      response = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      })
    } catch (error) {
      if (signal.aborted) throw error
      if ((error as Error).name === 'TimeoutError') throw new BackendError('timeout', `${options.config.name} did not answer ${what} within ${timeoutMs / 1000} s.`)
      throw new BackendError('offline', `${options.config.name} is unreachable (${describeNetworkError(error)}).`)
    }
    const text = await readText(response, what, signal, timeoutMs)
    if (!response.ok) throw httpError(response.status, text, what, options.config.name)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new BackendError('protocol', `${options.config.name} answered ${what} with invalid JSON: ${(error as Error).message}`)
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      throw new BackendError('protocol', `${options.config.name} answered ${what} with data of the wrong shape: ${describeIssues(parsed.error)}`)
    }
    return parsed.data
  }

  return {
    async pull(cursor, signal) {
      const query = new URLSearchParams({ limit: String(options.pageSize ?? 500) })
      if (cursor !== null) query.set('cursor', cursor)
      const page = await request('GET', `/cases?${query}`, casePageSchema, signal)
      if (cursor !== null && compareCursors(page.nextCursor, cursor) < 0) {
        throw new BackendError('protocol', `${options.config.name} sent a cursor that goes backwards (from "${cursor}" to "${page.nextCursor}"); nothing from that page was applied.`)
      }
      return page
    },

    async push(envelopes: DecisionEnvelope[], signal) {
      const { results } = await request('POST', '/decisions', pushResponseSchema, signal, { decisions: envelopes })
      const byId = new Map(results.map((result) => [result.decisionId, result]))
      const ordered = envelopes.map((envelope) => byId.get(envelope.id))
      if (ordered.some((result) => result === undefined)) {
        throw new BackendError('protocol', `${options.config.name} did not answer for every decision it was sent.`)
      }
      return ordered as NonNullable<(typeof ordered)[number]>[]
    },

    async checkHealth(signal) {
      await request('GET', '/health', healthSchema, signal)
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

async function readText(response: Response, what: string, signal: AbortSignal, timeoutMs: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > MAX_RESPONSE_BYTES) throw new BackendError('protocol', `The answer to ${what} is ${declared} bytes, over the ${MAX_RESPONSE_BYTES}-byte limit.`)
  try {
    const text = await response.text()
    if (text.length > MAX_RESPONSE_BYTES) throw new BackendError('protocol', `The answer to ${what} is over the ${MAX_RESPONSE_BYTES}-byte limit.`)
    return text
  } catch (error) {
    if (error instanceof BackendError || signal.aborted) throw error
    if ((error as Error).name === 'TimeoutError') throw new BackendError('timeout', `The answer to ${what} did not finish within ${timeoutMs / 1000} s.`)
    throw new BackendError('offline', `The connection broke while reading the answer to ${what}.`)
  }
}

function httpError(status: number, text: string, what: string, name: string): BackendError {
  let detail = ''
  try {
    const problem = problemSchema.safeParse(JSON.parse(text))
    if (problem.success) detail = `: ${problem.data.title}${problem.data.detail ? ` — ${problem.data.detail}` : ''}`
  } catch {
    // Not a problem document; the status says enough.
  }
  if (status === 401 || status === 403) return new BackendError('auth', `${name} refused the token (HTTP ${status})${detail}. Check the token in Settings.`)
  if (status >= 500 || status === 429) return new BackendError('server', `${name} failed on ${what} (HTTP ${status})${detail}.`)
  return new BackendError('protocol', `${name} refused ${what} (HTTP ${status})${detail}.`)
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error as Error).message
}
