import { writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONNECTION_TIMEOUTS, MAX_CONNECTIONS, startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { makeTempDir } from '../fixtures/temp-dir'
import { getFromHost } from '../fixtures/web-host-request'

// Attack 24 on the web host's connection limits (d963b3a: at most MAX_CONNECTIONS, headers within
// 10 s, a request within 30 s). Anyone on the machine can connect, with no secret: does every
// connection they hold still end, so that the page is served afterwards?

const dataDir = makeTempDir('countersign-a24-flood-data-')
const rendererDir = makeTempDir('countersign-a24-flood-renderer-')
let host: WebHost
let sessionCookie: string
const opened: Socket[] = []

beforeAll(async () => {
  writeFileSync(join(rendererDir.path, 'index.html'), '<!doctype html><html><head></head><body>the app</body></html>')
  host = await startWebHost({ dataDir: dataDir.path, reviewer: 'flood-reviewer', rendererDir: rendererDir.path })
  const secret = new URL(host.url).searchParams.get('token')!
  const traded = await get(`/?token=${secret}`, { 'sec-fetch-site': 'none' })
  sessionCookie = String(traded.headers['set-cookie']).split(';')[0]!
})

afterAll(async () => {
  for (const socket of opened) socket.destroy()
  await host?.close()
  dataDir.remove()
  rendererDir.remove()
})

const get = (path: string, headers: Record<string, string>) => getFromHost(host.origin, path, headers)

/** A raw connection that sends `text` once connected and never closes its side; `closed` resolves when the host closes it. */
function hold(text: string, onOpen: (socket: Socket) => void = () => {}): { closed: Promise<number> } {
  const start = Date.now()
  const socket = connect({ port: Number(new URL(host.origin).port), host: '127.0.0.1', allowHalfOpen: true }, () => {
    socket.write(text)
    onOpen(socket)
  })
  opened.push(socket)
  socket.on('error', () => {})
  // Half-open on purpose. Once the host has ended its side, bytes written back find out whether it
  // still holds the connection (it reads them) or has closed it: the kernel answers the first with
  // a reset, and the next write fails (EPIPE), which closes this side too.
  socket.on('end', () => {
    const probe = setInterval(() => (socket.destroyed ? clearInterval(probe) : socket.write('x')), 200)
  })
  socket.resume()
  return { closed: new Promise((resolveClosed) => socket.on('close', () => resolveClosed(Date.now() - start))) }
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms))

describe('attack 24: connections that have been answered, held by a client with no secret', () => {
  it('a refused bridge upgrade whose client never closes its side is closed in time, and the page is served afterwards', async () => {
    const { host: hostHeader } = new URL(host.origin)
    const upgrade = `GET /bridge HTTP/1.1\r\nHost: ${hostHeader}\r\nOrigin: http://${hostHeader}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
    const held = Array.from({ length: MAX_CONNECTIONS }, () => hold(upgrade))
    const limit = CONNECTION_TIMEOUTS.requestTimeout + 5 * CONNECTION_TIMEOUTS.connectionsCheckingInterval
    const stillOpen = await Promise.race([Promise.all(held.map((c) => c.closed)).then(() => 0), sleep(limit).then(() => -1)])
    const page = await get('/', { cookie: sessionCookie }).then(
      (answer) => answer.status,
      (error: Error) => error.message
    )
    // Seen: every refused upgrade stays open past the request timeout (the host answered 401 and
    // ended its side; an upgrade's socket is no longer the HTTP server's to time out), the cap is
    // full for good, and the page's next connection is closed as it arrives (socket hang up).
    expect({ allClosed: stillOpen === 0, page }).toEqual({ allClosed: true, page: 200 })
  }, 60_000)

  it('refused requests kept coming on kept-alive connections do not hold the connection cap for good', async () => {
    const { host: hostHeader } = new URL(host.origin)
    // No cookie: each request is refused (401) and the connection is kept alive; one more every 3 s
    // (under Node's 5 s keep-alive timeout), as long as the client likes.
    const refused = `GET / HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`
    const timers: ReturnType<typeof setInterval>[] = []
    const held = Array.from({ length: MAX_CONNECTIONS }, () =>
      hold(refused, (socket) => {
        const again = setInterval(() => socket.write(refused), 3_000)
        timers.push(again)
        socket.on('close', () => clearInterval(again))
      })
    )
    try {
      // A refusal closes its connection at once; kept alive, they would all be open after the
      // second round of requests, and for good.
      await sleep(4_000)
      const page = await get('/', { cookie: sessionCookie }).then(
        (answer) => answer.status,
        (error: Error) => error.message
      )
      const open = (await Promise.all(held.map((c) => Promise.race([c.closed.then(() => 0), sleep(0).then(() => 1)])))).reduce((a, b) => a + b, 0)
      // Seen: all the refused clients' connections are still open after the request timeout, and the
      // page's next connection is closed as it arrives: a refusal keeps the connection alive.
      expect({ open, page }).toEqual({ open: 0, page: 200 })
    } finally {
      for (const timer of timers) clearInterval(timer)
    }
  }, 60_000)
})
