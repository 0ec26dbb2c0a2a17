import { writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CONNECTIONS, startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { makeTempDir } from '../fixtures/temp-dir'
import { getFromHost } from '../fixtures/web-host-request'

// Attack 25 on "refused requests close their connection" (1a706f0): a request refused by the
// guard (401/403) is answered with Connection: close. But some requests are answered before the
// guard looks at them, to any client, secret or not, host name or not — a HEAD of the launch URL
// (405), a prefetch of it (503), a request target that is no URL (400) — and those answers keep
// the connection alive. One such request every 3 s (under Node's 5 s keep-alive timeout) on each of
// MAX_CONNECTIONS connections holds the cap for good; the page's next connection is closed as it arrives.

const dataDir = makeTempDir('countersign-a25-flood-data-')
const rendererDir = makeTempDir('countersign-a25-flood-renderer-')
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

/** A raw connection that sends `text` once connected and again every 3 s; `closed` resolves when the host closes it. */
function holdWith(text: string): { closed: Promise<number>; stop: () => void } {
  const start = Date.now()
  let again: ReturnType<typeof setInterval> | undefined
  const socket = connect({ port: Number(new URL(host.origin).port), host: '127.0.0.1' }, () => {
    socket.write(text)
    again = setInterval(() => socket.write(text), 3_000)
  })
  opened.push(socket)
  socket.on('error', () => {})
  socket.resume()
  const closed = new Promise<number>((resolveClosed) =>
    socket.on('close', () => {
      clearInterval(again)
      resolveClosed(Date.now() - start)
    })
  )
  return { closed, stop: () => (clearInterval(again), socket.destroy()) }
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms))

// No cookie, no Host header of this launch's name: nothing a client without the secret lacks.
const ANSWERED_BEFORE_THE_GUARD = {
  'HEAD of the launch URL (405)': 'HEAD /?token=guess HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'prefetch of the launch URL (503)': 'GET /?token=guess HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Purpose: prefetch\r\n\r\n',
  'request target that is no URL (400)': 'GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
}

describe('attack 25: answers given before the guard, to a client with no secret, on kept-alive connections', () => {
  for (const [name, text] of Object.entries(ANSWERED_BEFORE_THE_GUARD)) {
    it(`${name}: the connections do not hold the cap, and the page is served`, async () => {
      const held = Array.from({ length: MAX_CONNECTIONS }, () => holdWith(text))
      try {
        await sleep(7_000)
        const page = await get('/', { cookie: sessionCookie }).then(
          (answer) => answer.status,
          (error: Error) => error.message
        )
        const open = (await Promise.all(held.map((c) => Promise.race([c.closed.then(() => 0), sleep(0).then(() => 1)])))).reduce((a, b) => a + b, 0)
        expect({ open, page }).toEqual({ open: 0, page: 200 })
      } finally {
        for (const c of held) c.stop()
        await sleep(300)
      }
    }, 30_000)
  }
})
