import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The web host's security boundary, in the manner of Jupyter's token and VS Code `serve-web`'s
 * connection token: a random secret made at each launch is given only to the person who started
 * the host (in the URL it prints) and traded, once, for an HttpOnly, SameSite=Strict session
 * cookie of another random value, which every other request and WebSocket upgrade must carry.
 * Used once, the launch secret lets no one in again, so the URL left in a browser's history,
 * session restore or a terminal's scrollback is worth nothing. Host and Origin checks shut out
 * DNS rebinding and pages of other sites in the same browser.
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
  private readonly launchSecret: Buffer
  /** The session cookie's value: random, made at each launch, never the launch secret. */
  private readonly session = Buffer.from(newLaunchSecret())
  private launchSecretUsed = false
  readonly cookieName = 'countersign'
  /** The one `Host` header value accepted: `<launch host name>:<port>`. */
  readonly host: string

  /**
   * @param secret the launch secret (`newLaunchSecret`), good for one trade.
   * @param hostName this launch's host name (`newLaunchHostName`), served on loopback.
   * @param port the port the host listens on.
   */
  constructor(secret: string, hostName: string, port: number) {
    this.launchSecret = Buffer.from(secret)
    this.host = `${hostName}:${port}`
  }

  /**
   * Trades the launch secret from a launch URL's query for the session cookie, once: the answer
   * is the `Set-Cookie` value to send; `setCookie: null` when the request already carries the
   * session cookie (a used launch URL opened again in the browser that traded it, which needs no
   * trade); or the refusal, with the `Host` checked first (see checkRequest). A secret already
   * traded, or a wrong one, is refused (401): the secret works once, for one browser.
   */
  trade(request: IncomingMessage, querySecret: string | null): Refusal | { setCookie: string | null } {
    const hostRefusal = this.checkHost(request)
    if (hostRefusal) return hostRefusal
    if (this.hasSessionCookie(request)) return { setCookie: null }
    if (!sameToken(querySecret, this.launchSecret)) return MISSING_SECRET
    if (this.launchSecretUsed) return USED_SECRET
    this.launchSecretUsed = true
    return { setCookie: `${this.cookieName}=${this.session.toString()}; HttpOnly; SameSite=Strict; Path=/` }
  }

  /** Checks an HTTP request: its `Host` must name this host on loopback (a rebinding DNS name is refused), and it must carry the session cookie. */
  checkRequest(request: IncomingMessage): Refusal | null {
    return this.checkHost(request) ?? (this.hasSessionCookie(request) ? null : MISSING_SECRET)
  }

  /**
   * Checks a WebSocket upgrade: the `Host` as for any request, an `Origin` that is this host's own
   * (a page of another site gets no socket, even with the cookie in the browser), and the cookie.
   */
  checkUpgrade(request: IncomingMessage): Refusal | null {
    const hostRefusal = this.checkHost(request)
    if (hostRefusal) return hostRefusal
    const origin = request.headers.origin
    if (origin?.toLowerCase() !== `http://${this.host}`) return { status: 403, reason: `the origin ${clip(origin)} is not this host's own` }
    return this.hasSessionCookie(request) ? null : MISSING_SECRET
  }

  /** Host names are compared without regard to case (RFC 9110 §4.2.3); browsers send them in lower case. */
  private checkHost(request: IncomingMessage): Refusal | null {
    const host = request.headers.host
    return host?.toLowerCase() === this.host ? null : { status: 403, reason: `the Host header ${clip(host)} does not name this host; open the address the host printed` }
  }

  private hasSessionCookie(request: IncomingMessage): boolean {
    // Every cookie of that name counts: one another site tossed in (set for a wider domain, sent
    // first) must not hide the session's own.
    return cookieValues(request.headers.cookie, this.cookieName).some((value) => sameToken(value, this.session))
  }
}

/** Whether `candidate` is `token` (constant time, so its bytes cannot be guessed one by one). */
function sameToken(candidate: string | null | undefined, token: Buffer): boolean {
  if (!candidate) return false
  const bytes = Buffer.from(candidate)
  return bytes.length === token.length && timingSafeEqual(bytes, token)
}

const MISSING_SECRET: Refusal = { status: 401, reason: 'the launch secret is missing or wrong; open the URL the host printed' }
const USED_SECRET: Refusal = {
  status: 401,
  reason: 'this launch URL was used already, and its secret lets one browser in once; go on in the window it opened, or restart the host for a new URL'
}

/** The values of every cookie named `name` in a `Cookie` header (RFC 6265 §5.4: `name=value` pairs joined by "; "; a name may repeat). */
function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = []
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=')
    if (separator > 0 && pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim())
  }
  return values
}

/** A header value a client chose, shortened for the log (a client can send up to 16 KiB). */
function clip(value: string | undefined): string {
  if (value === undefined) return '(none)'
  return value.length > 100 ? `${value.slice(0, 100)}… (${value.length} characters)` : value
}
