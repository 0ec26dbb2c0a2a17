import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'

// Attack 21: `npm start` opens Chromium's app window on a private file that moves on to the launch
// URL by meta refresh (start.mjs), and the host answers it with a page that moves on to `/`. Where
// does Back (Alt+Left, a mouse's back button) take the reviewer then? If the file's entry stays in
// the tab's history, Back goes to it, it moves on to the launch URL again, cross-site (no Strict
// cookie), and the spent secret is refused: an app window with no address bar, on a 401 page.
// Held: both meta refreshes replace their history entry; the tab's history is the app's / alone.

let browser: Browser
let host: WebHost
const dir = makeTempDir('countersign-a21-back-')

beforeAll(async () => {
  browser = await launchChromium()
  host = await startWebHost({ dataDir: dir.path, reviewer: 'back' })
})
afterAll(async () => {
  await browser?.close()
  await host?.close()
  dir.remove()
})

describe('Back from the app opened as npm start opens it', () => {
  it('never lands on a refusal of the spent launch URL', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    const file = join(dir.path, 'open.html')
    writeFileSync(file, `<!doctype html><meta http-equiv="refresh" content="0; url=${host.url}"><title>Countersign</title>`)
    await page.goto(pathToFileURL(file).href)
    await page.waitForURL(`${host.origin}/`)
    await page.waitForSelector('[data-painted-case]')
    const cdp = await context.newCDPSession(page)
    const history = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] }
    expect(history.entries.map((entry) => entry.url).filter((url) => url.startsWith('file:') || url.includes('token='))).toEqual([])
    await page.goBack().catch(() => null)
    await page.waitForTimeout(1500)
    const text = await page.locator('body').innerText().catch(() => '')
    expect(text).not.toMatch(/refused/)
  })
})
