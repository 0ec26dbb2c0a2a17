import { statSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'
import { spawnWebHost, type WebHostProcess } from './web-host-process'

// Attacks on the running web host that its own tests do not make (attack 12).

const dir = makeTempDir('countersign-attack-12-')
let host: WebHostProcess
let browser: Browser

beforeAll(async () => {
  host = await spawnWebHost(dir.path)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await host?.stop()
  dir.remove()
})

/** One refused GET: a Host header no browser would send, near Node's 16 KiB header limit. */
function refusedRequest(hostHeader: string): Promise<number> {
  return new Promise((resolveGet) => {
    const outgoing = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: hostHeader } }, (response) => {
      response.resume()
      response.on('end', () => resolveGet(response.statusCode!))
    })
    outgoing.on('error', () => resolveGet(0))
    outgoing.end()
  })
}

describe('the web host against an unauthenticated flood and other loopback servers', () => {
  it('a client with no secret cannot grow the log without bound', async () => {
    const log = join(dir.path, 'logs/countersign.log')
    const before = statSync(log).size
    const hostHeader = 'x'.repeat(15_000)
    // 2,000 refused requests take well under a second on loopback; at this rate (measured: 129 MiB
    // in 5 s from one Node client) any local user fills the reviewer's disk with no secret at all.
    for (let batch = 0; batch < 100; batch++) {
      const statuses = await Promise.all(Array.from({ length: 20 }, () => refusedRequest(hostHeader)))
      expect(statuses.every((status) => status === 403)).toBe(true)
    }
    const grown = statSync(log).size - before
    expect(grown, `the log grew ${grown} bytes from 2,000 refused requests`).toBeLessThan(256 * 1024)
    expect(host.alive()).toBe(true)
  })

  it('the launch secret is not sent to another server on 127.0.0.1 the reviewer visits', async () => {
    // Cookies are not scoped by port (RFC 6265 §8.5): the session cookie, whose value is the launch
    // secret itself, goes with every request to any 127.0.0.1 port, so whoever runs a server there
    // (another user of the machine) learns the secret and can open the bridge from any client.
    const seen: string[] = []
    const other: Server = createServer((incoming, response) => {
      seen.push(incoming.headers.cookie ?? '')
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end('<!doctype html><title>another local server</title>')
    })
    await new Promise<void>((resolveListen) => other.listen(0, '127.0.0.1', resolveListen))
    try {
      const context = await browser.newContext({ viewport: VIEWPORT })
      const page = await context.newPage()
      await page.goto(host.url)
      await page.waitForSelector('[data-painted-case]')
      const visit = await context.newPage()
      await visit.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`)
      await context.close()
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.filter((cookie) => cookie.includes(host.secret))).toEqual([])
    } finally {
      other.close()
    }
  })
})
