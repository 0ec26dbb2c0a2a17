import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { filesUnder } from '../fixtures/files-under'
import { makeTempDir } from '../fixtures/temp-dir'
import { CHROMIUM_PATH, launchChromium, VIEWPORT } from './driver'

// The launch URL carries a secret that lets one browser in, once. Each test starts a host of its
// own (a used secret is spent) and opens its URL the ways a reviewer's Chromium does: by itself
// (a command-line, typed or restored URL), from a file (as `npm start` opens it), from another
// site; then looks for the secret everywhere the page or the network could see it.

let browser: Browser
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  browser = await launchChromium()
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await browser?.close()
})

interface Launch {
  host: WebHost
  dir: string
  secret: string
  /** `cs-<hex>.localhost:<port>`, the Host header the reviewer's browser sends. */
  hostHeader: string
}

async function freshHost(): Promise<Launch> {
  const dir = makeTempDir('countersign-launch-')
  const host = await startWebHost({ dataDir: dir.path, reviewer: 'launch-reviewer' })
  cleanups.push(() => dir.remove(), () => host.close())
  return { host, dir: dir.path, secret: new URL(host.url).searchParams.get('token')!, hostHeader: new URL(host.origin).host }
}

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  cleanups.push(() => context.close())
  return context
}

/** One raw HTTP request to the host, headers as given (no browser to add or fix any). */
function raw(launch: Launch, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolveAnswer, rejectAnswer) => {
    const { port } = new URL(launch.host.origin)
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers: { host: launch.hostHeader, ...headers } }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      response.on('end', () => resolveAnswer({ status: response.statusCode!, body, headers: response.headers }))
    })
    outgoing.on('error', rejectAnswer)
    outgoing.end()
  })
}

/** Every request the context makes, in order. */
function recordRequests(context: BrowserContext): Request[] {
  const seen: Request[] = []
  context.on('request', (outgoing) => seen.push(outgoing))
  return seen
}

/** Where a script on the page, or the tab's own history, could find the secret: the places it was found. */
async function secretSeenBy(page: Page, secret: string): Promise<string[]> {
  const seen = await page.evaluate(() => ({
    address: [location.href, document.URL, document.baseURI],
    navigation: performance.getEntriesByType('navigation').map((entry) => entry.name),
    resources: performance.getEntriesByType('resource').map((entry) => entry.name),
    referrer: document.referrer,
    historyState: JSON.stringify(history.state)
  }))
  const cdp = await page.context().newCDPSession(page)
  const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] }
  await cdp.detach()
  return Object.entries({ ...seen, tabHistory: entries.map((entry) => entry.url) })
    .filter(([, value]) => JSON.stringify(value).includes(secret))
    .map(([where]) => where)
}

/** Asserts that no request after the launch URL's own carried the secret, in its URL or any header (Referer, Cookie). */
async function expectNoRequestCarries(requests: ReturnType<typeof recordRequests>, launch: Launch): Promise<void> {
  expect(requests[0]!.url()).toBe(launch.host.url)
  const carrying: string[] = []
  for (const outgoing of requests.slice(1)) if (JSON.stringify([outgoing.url(), await outgoing.allHeaders()]).includes(launch.secret)) carrying.push(outgoing.url())
  expect(carrying).toEqual([])
  expect(requests.length).toBeGreaterThan(3) // the page, its scripts and styles were all looked at
}

async function expectIn(page: Page, origin: string): Promise<void> {
  await page.waitForURL(`${origin}/`)
  await page.waitForSelector('[data-painted-case]')
}

describe('the launch URL', () => {
  it('opened by Chromium itself (command line, typed, restored): one 303 to /, a session cookie of its own, the secret nowhere the page can read', async () => {
    const launch = await freshHost()
    const context = await newContext()
    const requests = recordRequests(context)
    const page = await context.newPage()
    const answer = await page.goto(launch.host.url)
    await expectIn(page, launch.host.origin)
    // The first response Chromium saw was the redirect, with no document of its own.
    const redirect = await answer!.request().redirectedFrom()!.response()
    expect(redirect!.status()).toBe(303)
    expect(redirect!.headers()).toMatchObject({ location: '/', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' })
    const [cookie] = await context.cookies()
    expect(cookie).toMatchObject({ name: 'countersign', httpOnly: true, sameSite: 'Strict' })
    expect(cookie!.value).not.toBe(launch.secret)
    await expect(page.evaluate(() => document.cookie)).resolves.toBe('')
    await expect(secretSeenBy(page, launch.secret)).resolves.toEqual([])
    // A reload, Back, a second tab on the app's address: in, with no secret to be found.
    await page.reload()
    await expectIn(page, launch.host.origin)
    await page.goBack()
    expect(page.url()).toBe('about:blank')
    await page.goForward()
    await expectIn(page, launch.host.origin)
    const second = await context.newPage()
    await second.goto(`${launch.host.origin}/`)
    await expectIn(second, launch.host.origin)
    await expect(secretSeenBy(second, launch.secret)).resolves.toEqual([])
    await expectNoRequestCarries(requests, launch)
  })

  it('opened from a file (as npm start opens Chromium) or from another site: a page with no script moves on to /, and reloads stay in', async () => {
    // Another site's page with a link to the launch URL (its own address without it).
    let target = ''
    const other: Server = createServer((_incoming, answer) => {
      answer.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><a href="${target}">Countersign</a>`)
    })
    await new Promise<void>((listening) => other.listen(0, '127.0.0.1', listening))
    cleanups.push(() => new Promise<void>((closed) => other.close(() => closed())))
    const openerDir = makeTempDir('countersign-opener-')
    cleanups.push(() => openerDir.remove())

    for (const opener of ['file', 'another site'] as const) {
      const launch = await freshHost()
      const context = await newContext()
      const requests = recordRequests(context)
      const page = await context.newPage()
      if (opener === 'file') {
        const file = join(openerDir.path, 'open.html')
        writeFileSync(file, `<!doctype html><meta http-equiv="refresh" content="0; url=${launch.host.url}">`)
        await page.goto(pathToFileURL(file).href)
        requests.shift() // the file itself
      } else {
        target = launch.host.url
        await page.goto(`http://other.localhost:${(other.address() as AddressInfo).port}/`)
        requests.shift()
        await page.keyboard.press('Tab')
        await page.keyboard.press('Enter')
      }
      await expectIn(page, launch.host.origin)
      await expect(secretSeenBy(page, launch.secret), opener).resolves.toEqual([])
      // Chromium sends the SameSite=Strict cookie on reloads too: the page's own navigation to /
      // was same-origin (a 303 would have kept the opener's site for the whole redirect chain).
      await page.reload()
      await expectIn(page, launch.host.origin)
      await expectNoRequestCarries(requests, launch)
    }
  })

  it('lets one browser in once: used, wrong or missing, the secret gets a refusal page naming why, never the app', async () => {
    const launch = await freshHost()
    const path = `/?token=${launch.secret}`
    // A HEAD or a browser's prefetch does not use the secret up.
    await expect(raw(launch, path, {}, 'HEAD')).resolves.toMatchObject({ status: 405 })
    await expect(raw(launch, path, { 'sec-purpose': 'prefetch;prerender' })).resolves.toMatchObject({ status: 503 })
    // A client that sends no Fetch Metadata (not known to keep a Strict cookie across a redirect)
    // gets the page that moves on by itself, with no script.
    const entering = await raw(launch, path)
    expect(entering.status).toBe(200)
    expect(entering.body).toContain('<meta http-equiv="refresh" content="0; url=/">')
    expect(entering.body).toMatch(/<link rel="icon" href="data:,">/)
    expect(entering.body).not.toMatch(/<script/i)
    expect(entering.body).not.toContain(launch.secret)
    expect(entering.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'content-security-policy': expect.stringContaining("default-src 'none'") })
    const setCookie = (entering.headers['set-cookie'] as string[])[0]!
    expect(setCookie).toMatch(/^countersign=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/)
    expect(setCookie).not.toContain(launch.secret)

    // Used: in a browser without the cookie, the URL is refused, whichever way it is opened.
    const context = await newContext()
    const page = await context.newPage()
    const refused = await page.goto(launch.host.url)
    expect(refused!.status()).toBe(401)
    const text = await page.locator('body').innerText()
    expect(text).toMatch(/^Countersign refused this request: this launch URL was used already, and its secret lets one browser in once; .*restart the host for a new URL\.$/)
    expect(text).not.toMatch(/\bat \S+:\d+|Error:/)
    await expect(page.locator('script').count()).resolves.toBe(0)
    await expect(raw(launch, path, { 'sec-fetch-site': 'none' })).resolves.toMatchObject({ status: 401 })
    // Wrong or missing, and the app's address without the cookie: the same page, with its own reason.
    for (const wrong of [`/?token=${launch.secret.slice(1)}x`, '/?token=', '/']) {
      const answer = await raw(launch, wrong)
      expect(answer.status, wrong).toBe(401)
      expect(answer.body, wrong).toBe('Countersign refused this request: the launch secret is missing or wrong; open the URL the host printed.')
    }
    // The browser that traded it goes on with its cookie, even through the used URL.
    const cookie = setCookie.split(';')[0]!
    await expect(raw(launch, path, { cookie, 'sec-fetch-site': 'none' })).resolves.toMatchObject({ status: 303, headers: { location: '/' } })
    await expect(raw(launch, '/', { cookie })).resolves.toMatchObject({ status: 200 })
    // Refusals are logged by their reason; the secret is in no file of the data directory.
    expect(readFileSync(join(launch.dir, 'logs/countersign.log'), 'utf8')).toMatch(/web host: request refused: this launch URL was used already/)
    for (const file of filesUnder(launch.dir)) expect(readFileSync(file).includes(launch.secret), file).toBe(false)
  })

  it('starts with nothing failed in the console of a browser that fetches tab icons (no /favicon.ico asked for)', async () => {
    // The host serves no /favicon.ico: the app's page and the page that moves on name their icon,
    // or a browser asks for that path at every start and logs the 404.
    const launch = await freshHost()
    // Chromium's headless shell fetches no tab icons; its new headless mode does, as a desktop window does.
    const full = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: false, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
    cleanups.push(() => full.close())
    const page = await full.newPage({ viewport: VIEWPORT })
    const errors: string[] = []
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())))
    await page.goto(launch.host.url)
    await page.waitForURL(`${launch.host.origin}/`)
    await page.waitForSelector('[data-seen-case]')
    // Tab icons are fetched after the page loads: give the browser time to ask.
    await page.waitForTimeout(1000)
    expect(errors).toEqual([])
  })
})
