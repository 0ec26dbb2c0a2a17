import type { z } from 'zod'
import { describeIssues } from '../../../shared/domain/validation-message'
import { parseJsonNoting, stringifyJson } from '../../../shared/json/exact-json'
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
  const bytes = await requestBytes(request)
  return parseAnswer(decodeBody(bytes), request, schema)
}

/**
 * The body of a successful answer as received (UTF-8 bytes, not decoded), for a caller that
 * parses it elsewhere (a worker thread: `decodeBody`, then `parseAnswer`). Fails as `requestJson`
 * does on the way there: unreachable, too slow, refused, a server error, over the size limit.
 */
export async function requestBytes(request: JsonRequest): Promise<Uint8Array> {
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
    const bytes = await readBytes(response, what, signal, timeout.signal, timeoutMs)
    if (!response.ok) throw httpError(response.status, decodeBody(bytes), what, backendName)
    return bytes
  } finally {
    clearTimeout(timer)
  }
}

/** An answer's body as text, as `response.text()` decodes it: UTF-8, a leading BOM dropped, broken sequences as U+FFFD. */
export function decodeBody(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes)
}

/**
 * A successful answer's text parsed (`parseJson`) and checked against `schema`; throws a
 * BackendError ('protocol') naming the backend and the request (`what`) when it is not JSON or
 * not of that shape.
 */
export function parseAnswer<T extends z.ZodType>(text: string, request: Pick<JsonRequest, 'backendName' | 'what'>, schema: T): z.output<T> {
  return parseAnswerNoting(text, request, schema).value
}

/**
 * `parseAnswer`, and whether the answer may hold a number kept exact (`parseJsonNoting`), to be
 * written with `stringifyJson`.
 */
export function parseAnswerNoting<T extends z.ZodType>(
  text: string,
  { backendName, what }: Pick<JsonRequest, 'backendName' | 'what'>,
  schema: T
): { value: z.output<T>; mayHoldExactNumbers: boolean } {
  let json: { value: unknown; mayHoldExactNumbers: boolean }
  try {
    json = parseJsonNoting(text)
  } catch (error) {
    throw new BackendError('protocol', `${backendName} answered ${what} with invalid JSON: ${(error as Error).message}`)
  }
  const parsed = schema.safeParse(json.value, { reportInput: true })
  if (!parsed.success) throw new BackendError('protocol', `${backendName} answered ${what} with data of the wrong shape: ${describeIssues(parsed.error)}`)
  return { value: parsed.data, mayHoldExactNumbers: json.mayHoldExactNumbers }
}

/** The body's bytes, read chunk by chunk and refused as soon as it passes the limit (a chunked answer declares no length). */
async function readBytes(response: Response, what: string, signal: AbortSignal, timedOut: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {})
    throw new BackendError('protocol', `The answer to ${what} is ${declared} bytes, over the ${MAX_RESPONSE_BYTES}-byte limit.`)
  }
  if (!response.body) return new Uint8Array(0)
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
  // A buffer of its own (not a slice of Node's shared pool), so it can be moved to a worker thread.
  const body = new Uint8Array(bytes)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  return body
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
