import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { filesUnder } from '../fixtures/files-under'
import { makeTempDir } from '../fixtures/temp-dir'
import { spawnWebHost } from './web-host-process'
import { openWebHostSession } from './web-host-session'
import { confirmOnceSeen } from './review-steps'
import type { BridgeError } from '../../shared/ipc/errors'

// The web host is what a person runs wherever Electron is missing, so it is attacked here as a
// page of another site, a rebinding DNS name or a careless client would: a real process, real
// Chromium for the reviewer's own page, raw HTTP and WebSocket clients for the rest.

const web = openWebHostSession('countersign-web-host-', { start: (dataDir) => spawnWebHost(dataDir) })
let cookie: string

beforeAll(async () => {
  const session = (await web.context.cookies()).find((candidate) => candidate.name === 'countersign')!
  cookie = `${session.name}=${session.value}`
})

/** `cs-<hex>.localhost:<port>`: the Host header the reviewer's browser sends. */
const ownHost = () => new URL(web.host.origin).host

/** One raw HTTP GET, headers as given (no browser to add or fix any). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolveGet, rejectGet) => {
    const outgoing = request({ host: '127.0.0.1', port: web.host.port, path, headers: { host: ownHost(), ...headers } }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      response.on('end', () => resolveGet({ status: response.statusCode!, body, headers: response.headers }))
    })
    outgoing.on('error', rejectGet)
    outgoing.end()
  })
}

/** Opens the bridge socket with these headers: the status of a refused upgrade, or the open socket. */
function openSocket(headers: Record<string, string>): Promise<{ status: number } | { socket: WebSocket }> {
  return new Promise((resolveOpen, rejectOpen) => {
    const socket = new WebSocket(`ws://127.0.0.1:${web.host.port}/__bridge`, { headers: { host: ownHost(), ...headers } })
    socket.once('unexpected-response', (_request, response) => {
      resolveOpen({ status: response.statusCode! })
      socket.terminate()
    })
    socket.once('open', () => resolveOpen({ socket }))
    socket.once('error', (error) => rejectOpen(error))
  })
}


const OWN = () => ({ origin: web.host.origin, cookie })

async function ownSocket(): Promise<WebSocket> {
  const opened = await openSocket(OWN())
  if (!('socket' in opened)) throw new Error(`own socket refused: ${opened.status}`)
  return opened.socket
}

/** Sends one frame and resolves with the next answer the host sends back. */
function exchange(socket: WebSocket, frame: string | Buffer, binary = false): Promise<{ id: number | null; ok: boolean; error?: BridgeError; value?: unknown }> {
  return new Promise((resolveAnswer) => {
    socket.once('message', (data) => resolveAnswer(JSON.parse(String(data)) as { id: number | null; ok: boolean; error?: BridgeError }))
    socket.send(frame, { binary })
  })
}

describe('the local web host: its security boundary', () => {
  it('trades the URL secret for an HttpOnly, SameSite=Strict cookie of another value, on the app’s address without it', async () => {
    expect(web.host.secret.length).toBeGreaterThanOrEqual(22) // ≥ 128 bits in base64url
    expect(web.page.url()).toBe(`${web.host.origin}/`)
    const session = (await web.context.cookies()).find((candidate) => candidate.name === 'countersign')!
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    expect(session.value).not.toBe(web.host.secret)
    await expect(web.page.evaluate(() => document.cookie)).resolves.toBe('')
  })

  it('leaves no history entry with the secret, and keeps the reviewer in on a reload and in a second tab', async () => {
    const second = await web.context.newPage()
    try {
      // The launch URL, used already, opened again in the browser that traded it: the cookie lets
      // it on to the app's address (a 303, so no history entry keeps the secret): Back leads to the
      // tab's blank page, Forward to the address without the secret.
      await second.goto(web.host.url)
      await second.waitForSelector('[data-painted-case]')
      expect(second.url()).toBe(`${web.host.origin}/`)
      await second.goBack()
      expect(second.url()).toBe('about:blank')
      await second.goForward()
      expect(second.url()).toBe(`${web.host.origin}/`)
      await second.waitForSelector('[data-painted-case]')
      await second.reload()
      await second.waitForSelector('[data-painted-case]')
      expect(second.url()).toBe(`${web.host.origin}/`)
    } finally {
      await second.close()
    }
  })

  it('refuses every HTTP request without the secret, or with a wrong one (401)', async () => {
    for (const path of ['/', '/index.html', '/__bridge.js', `/?token=${randomBytes(32).toString('base64url')}`]) {
      const response = await get(path, {})
      expect(response.status, path).toBe(401)
      expect(response.body).toMatch(/launch secret is missing or wrong/)
    }
    await expect(get('/', { cookie: `countersign=wrong` })).resolves.toMatchObject({ status: 401 })
    // The launch secret itself, once the page traded it, lets no one else in (web-host-launch.e2e).
    await expect(get(`/?token=${web.host.secret}`, {})).resolves.toMatchObject({ status: 401 })
    await expect(get('/', { cookie: `countersign=${web.host.secret}` })).resolves.toMatchObject({ status: 401 })
    await expect(get('/', { cookie })).resolves.toMatchObject({ status: 200 })
  })

  it('refuses a rebinding Host, even with the secret (403)', async () => {
    const otherLaunch = `cs-${randomBytes(16).toString('hex')}.localhost:${web.host.port}`
    const foreigners = ['evil.example', `evil.example:${web.host.port}`, `127.0.0.1:${web.host.port + 1}`, `localhost.evil.example:${web.host.port}`, `127.0.0.1:${web.host.port}`, `localhost:${web.host.port}`, otherLaunch]
    for (const foreign of foreigners) {
      await expect(get('/', { host: foreign, cookie }), foreign).resolves.toMatchObject({ status: 403 })
      await expect(get(`/?token=${web.host.secret}`, { host: foreign }), foreign).resolves.toMatchObject({ status: 403 })
    }
    await expect(get('/', { host: ownHost(), cookie })).resolves.toMatchObject({ status: 200 })
  })

  it('sends its session cookie to no other server on loopback the same browser visits', async () => {
    const seen: (string | undefined)[] = []
    const other = createServer((incoming, response) => {
      seen.push(incoming.headers.cookie)
      response.end('another local server')
    })
    await new Promise<void>((resolveListen) => other.listen(0, '127.0.0.1', resolveListen))
    const otherPort = (other.address() as AddressInfo).port
    const visitor = await web.context.newPage()
    try {
      for (const address of [`http://127.0.0.1:${otherPort}/`, `http://localhost:${otherPort}/`]) await visitor.goto(address)
    } finally {
      await visitor.close()
      other.close()
    }
    expect(seen.length).toBeGreaterThanOrEqual(2) // each page, and maybe its favicon
    expect(seen.filter((header) => header?.includes(web.host.secret))).toEqual([])
  })

  it('refuses the bridge socket to a foreign Origin, a missing or wrong secret, or a rebinding Host', async () => {
    await expect(openSocket({ origin: 'http://evil.example', cookie })).resolves.toEqual({ status: 403 })
    await expect(openSocket({ origin: `http://127.0.0.1:${web.host.port + 1}`, cookie })).resolves.toEqual({ status: 403 })
    await expect(openSocket({ cookie })).resolves.toEqual({ status: 403 })
    await expect(openSocket({ origin: web.host.origin })).resolves.toEqual({ status: 401 })
    await expect(openSocket({ origin: web.host.origin, cookie: `countersign=${web.host.secret.slice(1)}x` })).resolves.toEqual({ status: 401 })
    await expect(openSocket({ origin: 'http://evil.example:80', host: `evil.example:${web.host.port}`, cookie })).resolves.toEqual({ status: 403 })
  })

  it('answers frames that are not valid calls with an error on that socket, and keeps serving it', async () => {
    const socket = await ownSocket()
    try {
      const refused = (message: string | RegExp) => ({ ok: false, error: { code: 'invalid-call', message: typeof message === 'string' ? message : expect.stringMatching(message) } })
      await expect(exchange(socket, '{not json')).resolves.toEqual({ id: null, ...refused('Frame refused: it is not JSON.') })
      await expect(exchange(socket, Buffer.from([0xde, 0xad, 0xbe, 0xef]), true)).resolves.toEqual({ id: null, ...refused(/not binary/) })
      await expect(exchange(socket, '[1, 2]')).resolves.toEqual({ id: null, ...refused(/not a call/) })
      await expect(exchange(socket, '"getCase"')).resolves.toEqual({ id: null, ...refused(/not a call/) })
      await expect(exchange(socket, '{"id": 4, "method": "getCase"}')).resolves.toEqual({ id: 4, ...refused(/args/) })
      await expect(exchange(socket, '{"id": 5, "method": "readFile", "args": ["/etc/passwd"]}')).resolves.toEqual({ id: 5, ...refused('Unknown IPC method "readFile".') })
      await expect(exchange(socket, '{"id": 6, "method": "getCase", "args": ["1; DROP TABLE cases"]}')).resolves.toEqual({ id: 6, ...refused(/^Invalid arguments for getCase/) })
      // A handler that fails (no such case) is an answer too, with its code, not a crash.
      await expect(exchange(socket, '{"id": 7, "method": "getCase", "args": [999999]}')).resolves.toEqual({
        id: 7,
        ok: false,
        error: { code: 'not-found', message: 'There is no case 999999 in the cache.' }
      })
      const summary = await exchange(socket, '{"id": 8, "method": "getWorkspaceSummary", "args": []}')
      expect(summary).toMatchObject({ id: 8, ok: true, value: { reviewer: expect.any(String), secretStorage: 'keychain' } })
    } finally {
      socket.close()
    }
  })

  it('closes a socket announcing a 100 MB frame (1009) after reading its header, not its payload', async () => {
    const FRAME_BYTES = 100 * 1024 * 1024
    const socket = connect(web.host.port, '127.0.0.1')
    socket.on('error', () => {}) // the host closes while we write: EPIPE/ECONNRESET are expected
    const key = randomBytes(16).toString('base64')
    socket.write(
      `GET /__bridge HTTP/1.1\r\nHost: ${ownHost()}\r\nOrigin: ${web.host.origin}\r\nCookie: ${cookie}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`
    )
    let received = Buffer.alloc(0)
    const closed = new Promise<void>((resolveClose) => socket.once('close', () => resolveClose()))
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])))
    await new Promise<void>((resolveHandshake) => {
      const check = () => (received.includes('\r\n\r\n') ? resolveHandshake() : socket.once('data', check))
      check()
    })
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /)
    received = received.subarray(received.indexOf('\r\n\r\n') + 4)

    // A masked text frame header announcing 100 MiB (RFC 6455 §5.2: 127, then a 64-bit length).
    const header = Buffer.alloc(14)
    header[0] = 0x81
    header[1] = 0x80 | 127
    header.writeBigUInt64BE(BigInt(FRAME_BYTES), 2)
    randomBytes(4).copy(header, 10)
    socket.write(header)
    // Stream the payload in 64 KiB slices of one buffer until the host answers with a close frame.
    const slice = Buffer.alloc(64 * 1024)
    let sent = 0
    let open = true
    void closed.then(() => (open = false))
    while (open && received.length === 0 && sent < FRAME_BYTES) {
      if (!socket.write(slice)) await new Promise<void>((drain) => socket.once('drain', drain).once('close', drain))
      sent += slice.length
    }
    await new Promise<void>((answered) => (received.length >= 4 || !open ? answered() : socket.once('data', () => answered())))
    socket.end()
    await closed
    // The host's close frame: opcode 8, status 1009 "Message Too Big".
    expect(received[0]).toBe(0x88)
    expect(received.readUInt16BE(2)).toBe(1009)
    expect(sent).toBeLessThan(FRAME_BYTES)
  })

  it('after all that, the process is up and the reviewer’s own page still works', async () => {
    expect(web.host.alive()).toBe(true)
    const pending = Number(await web.page.getByTestId('pending-count').locator('strong').innerText())
    await web.page.waitForSelector('[data-seen-case]')
    await web.page.keyboard.press('a')
    await web.page.waitForSelector('.confirm-strip, .status-saved')
    if (await web.page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(web.page, 'a')
    await web.page.waitForSelector('.status-saved')
    await web.page.waitForFunction((expected) => document.querySelector('[data-testid="pending-count"] strong')?.textContent === expected, String(pending - 1))
    expect(web.host.alive()).toBe(true)
    expect(web.host.output()).not.toMatch(/Uncaught|Unhandled|TypeError|SyntaxError/)
    // Every refusal was logged by its reason; the launch secret is in no file of the data directory.
    const log = readFileSync(join(web.dir, 'logs/countersign.log'), 'utf8')
    expect(log).toMatch(/web host: WebSocket refused: the origin http:\/\/evil\.example is not this host's own/)
    expect(log).toMatch(/web host: bridge frame refused: it is not JSON/)
    for (const file of filesUnder(web.dir)) expect(readFileSync(file).includes(web.host.secret), file).toBe(false)
  })

  it('keeps its data where COUNTERSIGN_DATA_DIR says when no --data-dir is given, as the desktop app does', async () => {
    const dir = makeTempDir('countersign-e2e-data-dir-env-')
    const host = await spawnWebHost(null, { COUNTERSIGN_DATA_DIR: dir.path })
    try {
      await vi.waitFor(() => expect(host.output()).toContain(`data directory: ${dir.path}`))
      expect(existsSync(join(dir.path, DATABASE_FILE))).toBe(true)
    } finally {
      await host.stop()
      dir.remove()
    }
  })
})
