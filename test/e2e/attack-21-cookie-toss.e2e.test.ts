import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'

// Attack 21: another loopback site the same browser visits (any `*.localhost` name) sets a cookie
// named like the session's for the parent name `localhost`, with a longer path, so that it comes
// first in the Cookie header the host reads (the host takes the first `countersign` it finds, and
// refuses the request when that one is not the session's). Held: Chromium refuses a Domain=localhost
// cookie from a *.localhost page, so nothing reaches the host's own name.

let browser: Browser
let host: WebHost
let other: Server
const dir = makeTempDir('countersign-a21-toss-')

beforeAll(async () => {
  browser = await launchChromium()
  host = await startWebHost({ dataDir: dir.path, reviewer: 'toss' })
  other = createServer((_incoming, answer) => {
    answer.writeHead(200, {
      'content-type': 'text/html',
      'set-cookie': ['countersign=tossed; Domain=localhost; Path=/', 'countersign=tossed2; Domain=.localhost; Path=/__bridge', 'countersign=tossed3; Domain=localhost; Path=/index.html']
    })
    answer.end('<!doctype html><p>other')
  })
  await new Promise<void>((listening) => other.listen(0, '127.0.0.1', listening))
})
afterAll(async () => {
  await browser?.close()
  await host?.close()
  await new Promise<void>((closed) => other.close(() => closed()))
  dir.remove()
})

describe('a cookie tossed by another *.localhost site', () => {
  it('does not reach the host nor lock the reviewer out', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    await page.goto(host.url)
    await page.waitForSelector('[data-painted-case]')
    const second = await context.newPage()
    await second.goto(`http://evil.localhost:${(other.address() as AddressInfo).port}/`)
    const cookies = await context.cookies()
    await page.reload()
    await page.waitForSelector('[data-painted-case]', { timeout: 10_000 })
    expect(cookies.filter((c) => c.value.startsWith('tossed'))).toEqual([])
  })
})
