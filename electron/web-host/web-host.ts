import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { join, resolve } from 'node:path'
import type { Logger } from '../services/logging/logger'
import { WebSocketServer, type WebSocket } from 'ws'
import { createIpcDispatcher } from '../main/ipc/dispatch'
import { allIpcHandlers } from '../main/ipc/handlers'
import { openAppServices, type AppServices } from '../services/app-services'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'
import { AccessGuard, newLaunchHostName, newLaunchSecret, SECRET_QUERY_PARAMETER, type Refusal } from './access-guard'
import { BRIDGE_SCRIPT_PATH, BRIDGE_SOCKET_PATH, bridgeScript } from './bridge-script'
import { isPrefetch, launchAnswer } from './launch-answer'
import { MAX_FRAME_BYTES, sendJson, serveBridgeSocket } from './bridge-socket'
import { rendererFiles } from './renderer-files'
import { boundWaitingConnections } from './waiting-connections'

/**
 * The local web host: Countersign for machines without the Electron binary. The real services
 * run in this Node process on a data directory, the built renderer is served on loopback, and the
 * page gets the same bridge the preload exposes, over one WebSocket, validated by the dispatcher
 * Electron's main process uses. Every request needs the session cookie the launch secret is traded for, once (see access-guard.ts).
 */
export interface WebHost {
  /** The URL to open: `http://cs-<32 hex>.localhost:<port>/?token=<launch secret>`; it lets one browser in, once. Give it to no one else. */
  url: string
  /** `http://cs-<32 hex>.localhost:<port>`, the page's origin: a loopback name of this launch's own (see AccessGuard). */
  origin: string
  services: AppServices
  close(): Promise<void>
}

export interface WebHostOptions {
  dataDir: string
  reviewer: string
  /** 0 or absent: a free port. */
  port?: number
  /** The built renderer (default `out/renderer`). */
  rendererDir?: string
  /** The app's resources (default `resources/`). */
  resourcesDir?: string
  /** The undo window before decisions are sent (default: the app's, or COUNTERSIGN_UNDO_GRACE_MS). */
  undoGraceMs?: number
}

const appRoot = resolve(__dirname, '../..')

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin'
}

/**
 * How long a connection may take over its request, in ms (Node's http.Server options). Anyone on
 * the machine can connect, secret or not: Node's defaults (60 s for the headers, 5 min for the
 * request) let a client hold a connection, and a file descriptor, for minutes with a few bytes
 * dripped in, and a few thousand such clients exhaust the process's descriptors. A browser sends
 * its headers at once, so 10 s is generous; connections are checked every second. The page's
 * bridge socket, once upgraded, is not bound by these.
 */
export const CONNECTION_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 } as const

/**
 * At most this many connections are open at once (net.Server `maxConnections`); more are closed
 * as they arrive. A page uses a handful (its bridge socket and a few fetches of the renderer's
 * files); connections still waiting for their request are kept to MAX_WAITING_CONNECTIONS
 * (waiting-connections.ts), so a flood never reaches this cap, which keeps the process far below
 * the 1,024 descriptors a desktop process usually has.
 */
export const MAX_CONNECTIONS = 512

/**
 * Starts the host on 127.0.0.1 (never another interface). Rejects when the renderer is not built
 * or the port is taken; nothing a client sends afterwards can stop it.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const files = await rendererFiles(options.rendererDir ?? join(appRoot, 'out/renderer'))
  // The port first: if it is taken, the data directory is left alone.
  const server = createServer(CONNECTION_TIMEOUTS)
  server.maxConnections = MAX_CONNECTIONS
  boundWaitingConnections(server)
  await listen(server, options.port ?? 0)
  const sockets = new Set<WebSocket>()
  let services: AppServices
  try {
    services = openAppServices({
      dataDir: options.dataDir,
      resourcesDir: options.resourcesDir ?? join(appRoot, 'resources'),
      reviewer: options.reviewer,
      appVersion: appVersion(),
      undoGraceMs: options.undoGraceMs ?? undoGraceFromEnvironment(),
      emit: (event) => {
        for (const socket of sockets) sendJson(socket, { event }, services.logger)
      }
    })
  } catch (error) {
    server.close()
    throw error
  }
  const { logger } = services
  const dispatch = createIpcDispatcher(allIpcHandlers(services), logger)
  const socketServer = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const { port } = server.address() as AddressInfo
  const secret = newLaunchSecret()
  const guard = new AccessGuard(secret, newLaunchHostName(), port)
  const origin = `http://${guard.host}`

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestUrl(request)
    if (!url) return answerUnchecked(response, 400, 'Malformed request target.')
    if (url.searchParams.has(SECRET_QUERY_PARAMETER)) return enter(request, response, url.searchParams.get(SECRET_QUERY_PARAMETER))
    const refusal = guard.checkRequest(request)
    if (refusal) return refuseRequest(response, refusal)
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'Method not allowed.')
    let path: string
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      return send(response, 400, 'text/plain', 'Malformed path.')
    }
    if (path === BRIDGE_SCRIPT_PATH) return send(response, 200, 'text/javascript; charset=utf-8', bridgeScript())
    const file = await files(path)
    if (!file) return send(response, 404, 'text/plain', 'Not found.')
    send(response, 200, file.type, file.body)
  }

  /** The launch URL: its secret traded once for the session cookie, and the browser sent on to `/` (launch-answer.ts). */
  function enter(request: IncomingMessage, response: ServerResponse, querySecret: string | null): void {
    // Only a GET trades the secret: a HEAD or a browser's prefetch must not use it up.
    if (request.method !== 'GET') return answerUnchecked(response, 405, 'Method not allowed: open the launch URL in a browser.')
    if (isPrefetch(request)) return answerUnchecked(response, 503, 'The launch URL is not served to a prefetch: its secret works once.')
    const traded = guard.trade(request, querySecret)
    if ('status' in traded) return refuseRequest(response, traded)
    const answer = launchAnswer(request, traded.setCookie)
    response.writeHead(answer.status, { ...SECURITY_HEADERS, ...answer.headers })
    response.end(answer.body)
  }

  const logRefusal = refusalLog(logger)

  /** A refused client's connection is closed after the answer: kept alive, its refusals could hold a connection, and the cap, for good. */
  function refuseRequest(response: ServerResponse, refusal: Refusal): void {
    logRefusal(`web host: request refused: ${refusal.reason}`)
    response.shouldKeepAlive = false
    send(response, refusal.status, 'text/plain', `Countersign refused this request: ${refusal.reason}.`)
  }

  /**
   * An answer given before the guard has looked at the request (anyone may get it, secret or not):
   * its connection is closed after it, as a refusal's is, or one such request every few seconds
   * would keep a connection, and enough of them the cap, for good.
   */
  function answerUnchecked(response: ServerResponse, status: number, text: string): void {
    response.shouldKeepAlive = false
    send(response, status, 'text/plain', text)
  }

  function refuseUpgrade(socket: Duplex, refusal: Refusal | { status: 404; reason: string }): void {
    logRefusal(`web host: WebSocket refused: ${refusal.reason}`)
    const title = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[refusal.status]
    // Closed outright once the answer is out: the upgrade's socket is no longer the HTTP server's to
    // time out, and a client that never closes its own side would hold it open for good.
    socket.end(`HTTP/1.1 ${refusal.status} ${title}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy())
  }

  // Listeners are attached once the guard and the services exist; no request is served before.
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      logger.error(`web host: ${request.method} failed: ${String(error)}`)
      if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error.')
    })
  })
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.warn(`web host: upgrade connection failed: ${error.message}`))
    if (requestUrl(request)?.pathname !== BRIDGE_SOCKET_PATH) return refuseUpgrade(socket, { status: 404, reason: 'no such socket' })
    const refusal = guard.checkUpgrade(request)
    if (refusal) return refuseUpgrade(socket, refusal)
    socketServer.handleUpgrade(request, socket, head, (webSocket) => {
      sockets.add(webSocket)
      webSocket.on('close', () => sockets.delete(webSocket))
      serveBridgeSocket(webSocket, dispatch, logger)
    })
  })

  return {
    url: `${origin}/?${SECRET_QUERY_PARAMETER}=${secret}`,
    origin,
    services,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const socket of sockets) socket.terminate()
        socketServer.close()
        server.closeAllConnections()
        server.close(() => {
          services.close()
          resolveClose()
        })
      })
  }
}

/** At most this many refusals are logged one by one per minute; the rest are counted. */
export const REFUSALS_LOGGED_PER_MINUTE = 100

/**
 * Logs refusals of clients that have no secret, bounded: anyone on the machine can send them, as
 * fast as loopback allows, so logging each would let a client with no secret fill the disk.
 */
function refusalLog(logger: Logger): (line: string) => void {
  let windowStart = 0
  let logged = 0
  let unlogged = 0
  return (line) => {
    const now = Date.now()
    if (now - windowStart >= 60_000) {
      if (unlogged > 0) logger.warn(`web host: ${unlogged} more requests were refused in the minute before, not logged one by one`)
      windowStart = now
      logged = 0
      unlogged = 0
    }
    if (logged < REFUSALS_LOGGED_PER_MINUTE) {
      logged++
      logger.warn(line)
    } else unlogged++
  }
}

/** Listens on loopback only; a taken port is refused with the way out. */
function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      rejectListen(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on 127.0.0.1 is in use: choose another with --port N.`, { cause: error }) : error)
    )
    server.listen(port, '127.0.0.1', () => {
      server.removeAllListeners('error')
      server.on('error', (error) => console.error(`Countersign web host: ${error.message}`))
      resolveListen()
    })
  })
}

/** The request's target as a URL (its path and query; the authority is the Host header's to say), or null if malformed. */
function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://web-host')
  } catch {
    return null
  }
}

function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version
}

function undoGraceFromEnvironment(): number | undefined {
  const value = process.env['COUNTERSIGN_UNDO_GRACE_MS']
  return value === undefined ? undefined : Number(value)
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type })
  response.end(body)
}
