import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
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
const BRIDGE_PATH = '/__bridge/'
const EVENTS_PATH = '/__events'

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

/** The harness's stand-in for the preload: one fetch-backed method per contract channel. */
function bridgeScript(): string {
  const methods = IPC_METHODS.map(
    (method) => `${JSON.stringify(method)}: (...args) => call(${JSON.stringify(method)}, args)`
  ).join(',\n  ')
  return `'use strict';
(() => {
const call = async (method, args) => {
  const response = await fetch(${JSON.stringify(BRIDGE_PATH)} + method, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args)
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error);
  return body.result;
};
let events = null;
const listeners = new Set();
const onEvent = (listener) => {
  if (!events) {
    events = new EventSource(${JSON.stringify(EVENTS_PATH)});
    events.onmessage = (message) => { const event = JSON.parse(message.data); for (const l of listeners) l(event); };
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
};
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
  const eventStreams = new Set<ServerResponse>()
  const services = openAppServices({
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir ?? join(repoRoot, 'resources'),
    reviewer: options.reviewer ?? 'harness-reviewer',
    appVersion: '0.0.0-harness',
    undoGraceMs: options.undoGraceMs ?? undoGraceFromEnvironment(),
    emit: (event) => {
      for (const stream of eventStreams) stream.write(`data: ${JSON.stringify(event)}\n\n`)
    }
  })
  const dispatch = createIpcDispatcher(allIpcHandlers(services))

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://harness').pathname)
    if (request.method === 'POST' && path.startsWith(BRIDGE_PATH)) {
      const body = await readBody(request)
      try {
        const args = JSON.parse(body || '[]') as unknown
        if (!Array.isArray(args)) throw new Error('bridge arguments must be a JSON array')
        const result = await dispatch(path.slice(BRIDGE_PATH.length), args)
        send(response, 200, 'application/json', JSON.stringify({ result: result ?? null }))
      } catch (error) {
        send(response, 400, 'application/json', JSON.stringify({ error: (error as Error).message }))
      }
      return
    }
    if (request.method !== 'GET') return send(response, 405, 'text/plain', 'method not allowed')
    if (path === EVENTS_PATH) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      response.write(': connected\n\n')
      eventStreams.add(response)
      request.on('close', () => eventStreams.delete(response))
      return
    }
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
  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, '127.0.0.1', resolveListen))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    services,
    close: () =>
      new Promise<void>((resolveClose) => {
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

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}
