import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { createIpcDispatcher } from '../../../electron/main/ipc/dispatch'
import { allIpcHandlers } from '../../../electron/main/ipc/handlers'
import { openAppServices, type AppServices } from '../../../electron/services/app-services'
import { CONTENT_SECURITY_POLICY } from '../../../shared/content-security-policy'
import { BRIDGE_GLOBAL, IPC_METHODS } from '../../../shared/ipc/channels'

/**
 * The browser harness: the real services in this Node process, the built renderer served over
 * loopback, and the same bridge object the preload exposes, backed by HTTP instead of IPC. The
 * dispatcher is the one Electron's main process uses, so argument validation is identical.
 */
export interface Harness {
  url: string
  services: AppServices
  close(): Promise<void>
}

export interface HarnessOptions {
  dataDir: string
  port?: number
  rendererDir?: string
  resourcesDir?: string
  reviewer?: string
  /** The undo window before decisions are sent (default: the app's, or COUNTERSIGN_UNDO_GRACE_MS). */
  undoGraceMs?: number
}

const repoRoot = resolve(__dirname, '../../..')
const BRIDGE_SCRIPT = '__bridge.js'
const SOCKET_PATH = '/__bridge'

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json'
}

/**
 * The harness's stand-in for the preload: one method per contract channel, each a message on one
 * WebSocket (an HTTP request per call would add milliseconds to every keystroke measured), and
 * the main side's events on the same socket.
 */
function bridgeScript(): string {
  const methods = IPC_METHODS.map((method) => `${JSON.stringify(method)}: (...args) => call(${JSON.stringify(method)}, args)`).join(',\n  ')
  return `'use strict';
(() => {
const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + ${JSON.stringify(SOCKET_PATH)});
const opened = new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
const waiting = new Map();
const listeners = new Set();
let nextId = 1;
socket.onmessage = (message) => {
  const data = JSON.parse(message.data);
  if (data.event) { for (const listener of listeners) listener(data.event); return; }
  const call = waiting.get(data.id);
  waiting.delete(data.id);
  if (data.error !== undefined) call.reject(new Error(data.error)); else call.resolve(data.result);
};
const call = async (method, args) => {
  await opened;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, method, args }));
  });
};
const onEvent = (listener) => { listeners.add(listener); return () => listeners.delete(listener); };
window[${JSON.stringify(BRIDGE_GLOBAL)}] = Object.freeze({
  ${methods},
  onEvent
});
})();
`
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = options.rendererDir ?? join(repoRoot, 'out/renderer')
  const indexHtml = (await readFile(join(rendererDir, 'index.html'), 'utf8')).replace(
    '<script',
    `<script src="./${BRIDGE_SCRIPT}"></script>\n    <script`
  )
  const sockets = new Set<WebSocket>()
  const services = openAppServices({
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir ?? join(repoRoot, 'resources'),
    reviewer: options.reviewer ?? 'harness-reviewer',
    appVersion: '0.0.0-harness',
    undoGraceMs: options.undoGraceMs ?? undoGraceFromEnvironment(),
    emit: (event) => {
      const message = JSON.stringify({ event })
      for (const socket of sockets) socket.send(message)
    }
  })
  const dispatch = createIpcDispatcher(allIpcHandlers(services))

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://harness').pathname)
    if (request.method !== 'GET') return send(response, 405, 'text/plain', 'method not allowed')
    if (path === '/' || path === '/index.html') return send(response, 200, MIME_TYPES['.html']!, indexHtml)
    if (path === `/${BRIDGE_SCRIPT}`) return send(response, 200, MIME_TYPES['.js']!, bridgeScript())
    const file = normalize(join(rendererDir, path))
    if (!file.startsWith(rendererDir + sep)) return send(response, 404, 'text/plain', 'not found')
    try {
      send(response, 200, MIME_TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file))
    } catch {
      send(response, 404, 'text/plain', 'not found')
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, 'text/plain', String(error)))
  })
  const socketServer = new WebSocketServer({ server, path: SOCKET_PATH })
  socketServer.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('message', (data) => {
      const { id, method, args } = JSON.parse(String(data)) as { id: number; method: string; args: unknown[] }
      Promise.resolve()
        .then(() => dispatch(method, Array.isArray(args) ? args : []))
        .then(
          (result) => socket.send(JSON.stringify({ id, result: result ?? null })),
          (error: unknown) => socket.send(JSON.stringify({ id, error: (error as Error).message }))
        )
    })
  })
  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, '127.0.0.1', resolveListen))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
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

function undoGraceFromEnvironment(): number | undefined {
  const value = process.env['COUNTERSIGN_UNDO_GRACE_MS']
  return value === undefined ? undefined : Number(value)
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  })
  response.end(body)
}

