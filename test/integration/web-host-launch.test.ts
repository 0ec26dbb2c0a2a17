import { writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONNECTION_TIMEOUTS, MAX_CONNECTIONS, startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { makeTempDir } from '../fixtures/temp-dir'
import { getFromHost } from '../fixtures/web-host-request'

// The launch URL's trade on a real host (its own renderer folder: one index.html), asked over raw
// HTTP as Chromium asks it; test/e2e/web-host-launch.e2e.test.ts opens it in Chromium itself. Then
// the connections anyone on the machine can open, secret or not.

const dataDir = makeTempDir('countersign-launch-data-')
const rendererDir = makeTempDir('countersign-launch-renderer-')
let host: WebHost
let secret: string
/** The session cookie (`name=value`) the first test's trade set: the secret trades only once. */
let sessionCookie: string

beforeAll(async () => {
  writeFileSync(join(rendererDir.path, 'index.html'), '<!doctype html><html><head></head><body>the app</body></html>')
  host = await startWebHost({ dataDir: dataDir.path, reviewer: 'launch-reviewer', rendererDir: rendererDir.path })
  secret = new URL(host.url).searchParams.get('token')!
})

afterAll(async () => {
  await host?.close()
  dataDir.remove()
  rendererDir.remove()
})

const get = (path: string, headers: Record<string, string>) => getFromHost(host.origin, path, headers)

describe('the launch URL on a real host', () => {
  it('trades its secret once, even for two requests that arrive together', async () => {
    const answers = await Promise.all([1, 2].map(() => get(`/?token=${secret}`, { 'sec-fetch-site': 'none' })))
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 401])
    const traded = answers.find((answer) => answer.status === 303)!
    expect(traded.headers['location']).toBe('/')
    expect(traded.body).toBe('')
    sessionCookie = String(traded.headers['set-cookie']).split(';')[0]!
    expect(sessionCookie).toMatch(/^countersign=[\w-]{43}$/)
    const refused = answers.find((answer) => answer.status === 401)!
    expect(refused.body).toMatch(/this launch URL was used already/)
    expect(refused.headers['set-cookie']).toBeUndefined()
  })

  it('moves the browser on by 303 only where Chromium sends the Strict cookie after it; elsewhere by a page with no script', async () => {
    // The trade is done (above); the browser that made it comes back with its cookie, from everywhere.
    const how: Record<string, number> = {}
    for (const site of ['none', 'same-origin', 'same-site', 'cross-site', undefined]) {
      const answer = await get(`/?token=${secret}`, { cookie: sessionCookie, ...(site ? { 'sec-fetch-site': site } : {}) })
      how[site ?? '(no Fetch Metadata)'] = answer.status
      expect(answer.body).not.toContain('the app')
    }
    expect(how).toEqual({ none: 303, 'same-origin': 303, 'same-site': 200, 'cross-site': 200, '(no Fetch Metadata)': 200 })
    // A cookie of the same name tossed in ahead of the session's own (another site's, for a wider
    // domain) does not shut the reviewer out; alone, it lets no one in.
    await expect(get('/', { cookie: `countersign=tossed; ${sessionCookie}` })).resolves.toMatchObject({ status: 200 })
    await expect(get('/', { cookie: 'countersign=tossed' })).resolves.toMatchObject({ status: 401 })
    // A launch path that looks like another host's address still leads to this host's '/'.
    await expect(get(`//evil.example/?token=${secret}`, { cookie: sessionCookie, 'sec-fetch-site': 'none' })).resolves.toMatchObject({ status: 303, headers: { location: '/' } })
  })

  it('takes the host name in any case, as RFC 9110 has it, and no other name', async () => {
    const { host: hostHeader, port } = new URL(host.origin)
    await expect(get('/', { cookie: sessionCookie, host: hostHeader.toUpperCase() })).resolves.toMatchObject({ status: 200 })
    await expect(get('/', { cookie: sessionCookie, host: `evil.example:${port}` })).resolves.toMatchObject({ status: 403 })
    await expect(get('/', { cookie: sessionCookie, host: `127.0.0.1:${port}` })).resolves.toMatchObject({ status: 403 })
  })
})

describe('connections anyone on the machine can open', () => {
  /** Opens a raw TCP connection to the host; `closed` resolves, with the ms it stayed open, when the host closes it. */
  function openConnection(onOpen: (socket: Socket) => void = () => {}): { closed: Promise<number> } {
    const opened = Date.now()
    const socket = connect(Number(new URL(host.origin).port), '127.0.0.1', () => onOpen(socket))
    socket.on('error', () => {})
    socket.resume()
    return { closed: new Promise((resolveClosed) => socket.on('close', () => resolveClosed(Date.now() - opened))) }
  }

  it('are dropped in a flood, idle or slow-loris, within the header timeout, and the page is served after', async () => {
    const { host: hostHeader } = new URL(host.origin)
    const idle = Array.from({ length: MAX_CONNECTIONS + 300 }, () => openConnection())
    // Slow-loris: a request's headers dripped in one line every 200 ms, never finished.
    const dripping = Array.from({ length: 20 }, () =>
      openConnection((socket) => {
        socket.write(`GET / HTTP/1.1\r\nHost: ${hostHeader}\r\n`)
        const drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 200)
        socket.on('close', () => clearInterval(drip))
      })
    )
    const lifetimes = await Promise.all([...idle, ...dripping].map((connection) => connection.closed))
    // Those beyond the cap are closed as they arrive; the rest once the header timeout passes, not after Node's 60 s.
    expect(lifetimes.filter((ms) => ms < CONNECTION_TIMEOUTS.headersTimeout / 2).length).toBeGreaterThanOrEqual(300)
    expect(Math.max(...lifetimes)).toBeLessThan(CONNECTION_TIMEOUTS.headersTimeout + 3 * CONNECTION_TIMEOUTS.connectionsCheckingInterval)
    await expect(get('/', { cookie: sessionCookie })).resolves.toMatchObject({ status: 200, body: expect.stringContaining('the app') })
  }, 30_000)

  it('cannot shut the page out by opening each one again the moment it is closed', async () => {
    let flooding = true
    const flood = (): void => {
      const socket = connect(Number(new URL(host.origin).port), '127.0.0.1')
      socket.on('error', () => {})
      socket.on('close', () => flooding && setTimeout(flood, 1))
      socket.resume()
    }
    for (let i = 0; i < MAX_CONNECTIONS + 100; i++) flood()
    await new Promise((resolveWait) => setTimeout(resolveWait, 500))
    const answers: (number | string)[] = []
    try {
      for (let i = 0; i < 30; i++) answers.push(await get('/', { cookie: sessionCookie }).then((answer) => answer.status, (error: Error) => error.message))
    } finally {
      flooding = false
    }
    expect(answers.filter((answer) => answer !== 200)).toEqual([])
  }, 30_000)
})
