import type { z } from 'zod'
import { describeIssues } from '../../../shared/domain/validation-message'
import { parseJson, stringifyJson } from '../../../shared/json/exact-json'
import { problemSchema } from '../../../shared/review-api/protocol'
import { BackendError, type BackendErrorKind } from './backend-adapter'

/** Larger answers are refused rather than read into memory. */
const MAX_RESPONSE_BYTES = 128 * 1024 * 1024

export interface JsonRequest {
  /** The backend's name, as the reviewer knows it, for messages. */
  backendName: string
  method: string
  url: string
  /** How messages name the request, e.g. `GET /v1/cases`. */
  what: string
  headers?: Record<string, string>
  body?: unknown
  signal: AbortSignal
  timeoutMs: number
}

/** The backend answered with an HTTP error status; `status` lets an adapter treat some specially. */
export class HttpStatusError extends BackendError {
  constructor(
    kind: BackendErrorKind,
    message: string,
    readonly status: number,
    /** The answer's body as received (a problem document, usually), for adapters that read its extension members. */
    readonly body = ''
  ) {
    super(kind, message)
  }
}

/**
 * One JSON request to a backend, with every way it can fail turned into a BackendError written
 * for the reviewer: unreachable, too slow, refused, a server error, invalid JSON, the wrong shape.
 * Numbers keep every digit both ways (`parseJson`, `stringifyJson`): an agent's tool arguments
 * come back exactly as they were sent.
 */
export async function requestJson<T extends z.ZodType>(request: JsonRequest, schema: T): Promise<z.output<T>> {
  const { backendName, what, signal, timeoutMs } = request
  // The timeout is a timer that holds its controller: Node 20's AbortSignal.any holds its sources
  // weakly, so an AbortSignal.timeout passed to it is collected with the first garbage collection
  // and never fires, and a server that trickles its answer would hold the request for ever.
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs)
  try {
    let response: Response
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
        body: request.body === undefined ? undefined : stringifyJson(request.body),
        signal: AbortSignal.any([signal, timeout.signal])
      })
    } catch (error) {
      if (signal.aborted) throw error
      if (timeout.signal.aborted) throw new BackendError('timeout', `${backendName} did not answer ${what} within ${timeoutMs / 1000} s.`)
      throw new BackendError('offline', `${backendName} is unreachable (${describeNetworkError(error)}).`)
    }
    const text = await readText(response, what, signal, timeout.signal, timeoutMs)
    return parseAnswer(response, text, request, schema)
  } finally {
    clearTimeout(timer)
  }
}

function parseAnswer<T extends z.ZodType>(response: Response, text: string, request: JsonRequest, schema: T): z.output<T> {
  const { backendName, what } = request
  if (!response.ok) throw httpError(response.status, text, what, backendName)
  let json: unknown
  try {
    json = parseJson(text)
  } catch (error) {
    throw new BackendError('protocol', `${backendName} answered ${what} with invalid JSON: ${(error as Error).message}`)
  }
  const parsed = schema.safeParse(json, { reportInput: true })
  if (!parsed.success) throw new BackendError('protocol', `${backendName} answered ${what} with data of the wrong shape: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** The body as text, read chunk by chunk and refused as soon as it passes the limit (a chunked answer declares no length). */
async function readText(response: Response, what: string, signal: AbortSignal, timedOut: AbortSignal, timeoutMs: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {})
    throw new BackendError('protocol', `The answer to ${what} is ${declared} bytes, over the ${MAX_RESPONSE_BYTES}-byte limit.`)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let bytes = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      if (bytes > MAX_RESPONSE_BYTES) {
        await reader.cancel().catch(() => {})
        throw new BackendError('protocol', `The answer to ${what} is over the ${MAX_RESPONSE_BYTES}-byte limit.`)
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof BackendError || signal.aborted) throw error
    if (timedOut.aborted) throw new BackendError('timeout', `The answer to ${what} did not finish within ${timeoutMs / 1000} s.`)
    throw new BackendError('offline', `The connection broke while reading the answer to ${what}.`)
  }
  // As response.text() decodes: UTF-8, a leading BOM dropped, broken sequences as U+FFFD.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks, bytes))
}

function httpError(status: number, text: string, what: string, name: string): HttpStatusError {
  const detail = errorDetail(text)
  const suffix = detail ? `: ${detail}` : ''
  if (status === 401 || status === 403) return new HttpStatusError('auth', `${name} refused the credentials (HTTP ${status})${suffix}. Check them in Settings.`, status, text)
  if (status >= 500 || status === 429) return new HttpStatusError('server', `${name} failed on ${what} (HTTP ${status})${suffix}.`, status, text)
  return new HttpStatusError('protocol', `${name} refused ${what} (HTTP ${status})${suffix}.`, status, text)
}

/** What an error body says: a problem document, a `{detail}` or `{message}` object, or short plain text. */
function errorDetail(text: string): string {
  try {
    const json: unknown = JSON.parse(text)
    const problem = problemSchema.safeParse(json)
    if (problem.success) return `${problem.data.title}${problem.data.detail ? ` — ${problem.data.detail}` : ''}`
    const { detail, message } = (json ?? {}) as { detail?: unknown; message?: unknown }
    if (typeof detail === 'string') return detail
    if (typeof message === 'string') return message
    return ''
  } catch {
    const plain = text.trim()
    return plain.length > 0 && plain.length <= 300 && !plain.startsWith('<') ? plain : ''
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error as Error).message
}
