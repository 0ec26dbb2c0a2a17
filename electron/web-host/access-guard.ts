import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The web host's security boundary, in the manner of Jupyter's token and VS Code `serve-web`'s
 * connection token: a random secret made at each launch is given only to the person who started
 * the host (in the URL it prints), traded once for an HttpOnly, SameSite=Strict cookie, and
 * required on every request and WebSocket upgrade. Host and Origin checks shut out DNS
 * rebinding and pages of other sites in the same browser.
 *
 * Cookies are scoped by host name but not by port (RFC 6265 §8.5), so a cookie set for
 * `127.0.0.1` would also be sent to every other server on 127.0.0.1 the browser visits. The host
 * is therefore served under a host name of its own, made at each launch: `cs-<32 hex>.localhost`
 * (RFC 6761 §6.3: `.localhost` names are loopback; browsers resolve them without DNS), and only
 * that name is accepted in `Host`. Its host-only cookie goes to no other name.
 */

/** The query parameter that carries the secret in the URL `npm start` opens. */
export const SECRET_QUERY_PARAMETER = 'token'

/** 32 random bytes (256 bits), base64url: 43 characters, safe in a URL and a cookie. */
export function newLaunchSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** A random loopback host name for one launch, `cs-` and 128 bits in hex (one DNS label). */
export function newLaunchHostName(): string {
  return `cs-${randomBytes(16).toString('hex')}.localhost`
}

/** Why a request is refused, with the HTTP status that says so. */
export interface Refusal {
  status: 401 | 403
  reason: string
}

export class AccessGuard {
  private readonly secret: Buffer
  readonly cookieName = 'countersign'
  /** The one `Host` header value accepted: `<launch host name>:<port>`. */
  readonly host: string

  /**
   * @param secret the launch secret (`newLaunchSecret`).
   * @param hostName this launch's host name (`newLaunchHostName`), served on loopback.
   * @param port the port the host listens on.
   */
  constructor(secret: string, hostName: string, port: number) {
    this.secret = Buffer.from(secret)
    this.host = `${hostName}:${port}`
  }

  /** The `Set-Cookie` value that trades the URL's secret for a cookie the page's scripts cannot read. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.secret.toString()}; HttpOnly; SameSite=Strict; Path=/`
  }

  /** Whether `candidate` is the launch secret (constant time, so its bytes cannot be guessed one by one). */
  isSecret(candidate: string | null | undefined): boolean {
    if (!candidate) return false
    const bytes = Buffer.from(candidate)
    return bytes.length === this.secret.length && timingSafeEqual(bytes, this.secret)
  }

  /**
   * Checks an HTTP request: its `Host` must name this host on loopback (a rebinding DNS name is
   * refused), and it must carry the session cookie, or the secret in the query (the first load).
   */
  checkRequest(request: IncomingMessage, querySecret: string | null): Refusal | null {
    return this.checkHost(request) ?? (this.isSecret(querySecret) || this.hasSessionCookie(request) ? null : MISSING_SECRET)
  }

  /**
   * Checks a WebSocket upgrade: the `Host` as for any request, an `Origin` that is this host's own
   * (a page of another site gets no socket, even with the cookie in the browser), and the cookie.
   */
  checkUpgrade(request: IncomingMessage): Refusal | null {
    const hostRefusal = this.checkHost(request)
    if (hostRefusal) return hostRefusal
    const origin = request.headers.origin
    if (origin !== `http://${request.headers.host}`) return { status: 403, reason: `the origin ${clip(origin)} is not this host's own` }
    return this.hasSessionCookie(request) ? null : MISSING_SECRET
  }

  private checkHost(request: IncomingMessage): Refusal | null {
    const host = request.headers.host
    return host === this.host ? null : { status: 403, reason: `the Host header ${clip(host)} does not name this host; open the address the host printed` }
  }

  private hasSessionCookie(request: IncomingMessage): boolean {
    return this.isSecret(cookieValue(request.headers.cookie, this.cookieName))
  }
}

const MISSING_SECRET: Refusal = { status: 401, reason: 'the launch secret is missing or wrong; open the URL the host printed' }

/** One cookie's value from a `Cookie` header (RFC 6265 §5.4: `name=value` pairs joined by "; "). */
function cookieValue(header: string | undefined, name: string): string | null {
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=')
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim()
  }
  return null
}

/** A header value a client chose, shortened for the log (a client can send up to 16 KiB). */
function clip(value: string | undefined): string {
  if (value === undefined) return '(none)'
  return value.length > 100 ? `${value.slice(0, 100)}… (${value.length} characters)` : value
}
