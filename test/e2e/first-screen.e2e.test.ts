import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'
import { OsKeyboard, qwerty } from './os-keys'

// The first screen paints without Monaco (its diff editors are a chunk of their own, loaded once
// a case is on screen), and keys pressed before Monaco has arrived still work: `j` to a case shown
// as a diff paints it once the editor is there, and `e` then puts the cursor in the proposal.

const screenshots = join(__dirname, '../../test-results')
const dir = makeTempDir('countersign-e2e-first-screen-')
let host: WebHost
let browser: Browser
let page: Page

beforeAll(async () => {
  host = await startWebHost({ dataDir: dir.path, reviewer: 'harness-reviewer' })
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: VIEWPORT })
  // Noted in the task that sets the mark, before the idle time that starts Monaco's load.
  await context.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-painted-case]')) return
      observer.disconnect()
      Object.assign(window, {
        atPaint: {
          title: document.querySelector('.case-title')?.textContent ?? '',
          monaco: document.querySelector('.monaco-editor') !== null,
          fetched: performance.getEntriesByType('resource').some((entry) => /\/diff-editors-[^/]*\.js$/.test(entry.name))
        }
      })
    })
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-painted-case'] })
  })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  dir.remove()
})

const diffEditorsRequested = () => page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/diff-editors-[^/]*\.js$/.test(entry.name)))

it('paints the first case before the diff editors are even fetched, then works on a diff case reached at once', async () => {
  await page.goto(host.url)
  await page.waitForURL(`${host.origin}/`)
  await page.waitForSelector('[data-painted-case]')
  const atPaint = await page.evaluate(() => (window as unknown as { atPaint: { title: string; monaco: boolean; fetched: boolean } }).atPaint)
  expect(atPaint.title).toContain('Categorise ticket')
  expect(atPaint).toMatchObject({ monaco: false, fetched: false })
  expect(page.url()).toBe(`${host.origin}/`)

  const keys = await OsKeyboard.attach(page)
  await keys.press(qwerty('j'))
  await keys.press(qwerty('j'))
  await page.waitForFunction(() => document.querySelector('.case-title')?.textContent?.startsWith('Refund exception') && document.querySelector('[data-painted-case]'))
  await expect(diffEditorsRequested()).resolves.toBe(true)
  const proposal = (await page.locator('.diff-slot.front .modified-in-monaco-diff-editor').innerText()).replace(/\u00a0/g, ' ')
  expect(proposal).toContain('Allow a full refund up to 89 days after delivery')
  await keys.press(qwerty('e'))
  await page.waitForFunction(() => document.activeElement?.closest('.diff-slot.front .modified-in-monaco-diff-editor') != null)
  await page.screenshot({ path: join(screenshots, 'first-screen-diff-case.png') })
})
