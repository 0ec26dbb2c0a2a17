import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { makeTempDir } from '../fixtures/temp-dir'
import { generateCases } from '../fixtures/case-generator'
import { newToken, REVIEWER, startBackend } from '../fixtures/sync-fixtures'
import { launchChromium } from './driver'
import { LOOK_MS } from './os-keys'
import { openAddBackendForm, saveBackendAndSync, typeIntoNextFields } from './settings-steps'
import { spawnWebHost, type WebHostProcess } from './web-host-process'

// What newcomers found on screen, at the window sizes they used: a headless box without a
// keychain (so its banner shows) opening the demo, whose rebased due times raise "Due soon"; then
// what the status bar and Insights say of the decisions made, before and after a backend is added.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const dir = makeTempDir('countersign-e2e-newcomer-layout-')
/** No Secret Service (the session bus is a path where nothing listens), and a short undo window so delivery is seen. */
const ENV = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/countersign-no-bus', COUNTERSIGN_UNDO_GRACE_MS: '300' }
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 }
] as const
let host: WebHostProcess
let browser: Browser
let page: Page

beforeAll(async () => {
  host = await spawnWebHost(dir.path, ENV)
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: SIZES[0] })).newPage()
  await page.goto(host.url)
  await page.waitForSelector('[data-painted-case]')
  await page.locator('.problem-banner').waitFor()
  await warnDueWithin(page, 300)
})

/** Sets Settings' "Minutes before a case is due" by keyboard, so the demo's next cases raise "Due soon". */
async function warnDueWithin(page: Page, minutes: number) {
  await page.keyboard.press('g')
  await page.keyboard.press('s')
  const input = page.getByLabel('Minutes before a case is due')
  for (let step = 0; step < 8 && !(await input.evaluate((element) => element === document.activeElement)); step++) await page.keyboard.press('Tab')
  await page.keyboard.press('Control+a')
  await page.keyboard.type(String(minutes))
  await page.keyboard.press('Enter')
  await page.locator('.sla-banner').waitFor()
  await page.keyboard.press('Escape')
  await page.keyboard.press('g')
  await page.keyboard.press('r')
}
afterAll(async () => {
  await browser?.close()
  await host?.stop()
  dir.remove()
})

/** Each banner's height against one line of its text (line height plus its own padding and border). */
function bannerLines(page: Page) {
  return page.locator('.problem-banner, .sla-banner, .checkout-banner').evaluateAll((banners) =>
    banners.map((banner) => {
      const style = getComputedStyle(banner)
      const frame = ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'].reduce((sum, side) => sum + parseFloat(style[side as 'paddingTop']), 0)
      return { text: banner.textContent?.slice(0, 40), lines: (banner.getBoundingClientRect().height - frame) / parseFloat(style.lineHeight) }
    })
  )
}

/**
 * Pieces (`pieces` inside `selector`) that are cut: partly outside the box that clips them (their
 * parent, where it hides overflow, or else `selector` itself, and the window), or narrower than
 * their text. A piece wholly outside is left out on purpose (a hint that did not fit), not cut.
 */
function cutPieces(page: Page, selector: string, pieces: string) {
  return page.locator(selector).evaluate((bar, pieces) => {
    const window = { left: 0, top: 0, right: document.documentElement.clientWidth, bottom: document.documentElement.clientHeight }
    return [...bar.querySelectorAll<HTMLElement>(pieces)]
      .filter((piece) => piece.getClientRects().length > 0)
      .filter((piece) => {
        const parent = piece.parentElement!
        const clipper = parent !== bar && getComputedStyle(parent).overflow !== 'visible' ? parent : bar
        const box = clipper.getBoundingClientRect()
        const clip = { left: Math.max(box.left, window.left), top: Math.max(box.top, window.top), right: Math.min(box.right, window.right), bottom: Math.min(box.bottom, window.bottom) }
        const own = piece.getBoundingClientRect()
        const outside = own.left >= clip.right - 0.5 || own.right <= clip.left + 0.5 || own.top >= clip.bottom - 0.5 || own.bottom <= clip.top + 0.5
        if (outside) return false
        const inside = own.left >= clip.left - 0.5 && own.right <= clip.right + 0.5 && own.top >= clip.top - 0.5 && own.bottom <= clip.bottom + 0.5
        return !inside || piece.scrollWidth > piece.clientWidth + 0.5
      })
      .map((piece) => piece.textContent)
  }, pieces)
}

/** The distinct tops of `selector`'s children that are shown: one value is one line. */
function rowTops(page: Page, selector: string) {
  return page.locator(selector).evaluate((bar) => {
    const box = bar.getBoundingClientRect()
    return [
      ...new Set(
        [...bar.children]
          .map((child) => child.getBoundingClientRect())
          .filter((child) => child.width > 0 && child.top < box.bottom)
          .map((child) => Math.round(child.top + child.height / 2))
      )
    ]
  })
}

describe('the review screen at 800×600, 1280×800 and 1920×1080', () => {
  for (const size of SIZES) {
    it(`${size.width}×${size.height}: banners take a line each, the status bar and queue header are whole on one line, kinds are legible`, async () => {
      await page.setViewportSize(size)
      await page.waitForSelector('[data-seen-case]')
      await page.screenshot({ path: join(screenshots, `newcomer-layout-${size.width}x${size.height}.png`) })

      // The checks are soft: one run lists everything cut or wrapped at this size.
      const banners = await bannerLines(page)
      expect(banners.length, 'the keychain banner and "Due soon" are shown').toBeGreaterThanOrEqual(2)
      for (const banner of banners) expect.soft(banner.lines, JSON.stringify(banner)).toBeLessThan(1.5)

      expect.soft(await rowTops(page, '.app-bar')).toHaveLength(1)
      expect.soft(await cutPieces(page, '.app-bar', '.app-name, .screen-tabs > span, .badge-demo')).toEqual([])
      expect.soft(await rowTops(page, '.status-bar')).toHaveLength(1)
      expect.soft(await cutPieces(page, '.status-bar', ':scope > span:not(.status-message), .key-hints > span')).toEqual([])
      // The status bar shows the hints that fit, and always where to find them all.
      expect.soft(await page.locator('.key-hints > span').first().isVisible()).toBe(true)
      expect.soft(await page.locator('.key-hint-all').allInnerTexts()).toEqual([expect.stringMatching(/^\?\s+keys$/)])
      expect.soft(await rowTops(page, '[data-testid="queue-header"]')).toHaveLength(1)
      expect.soft(await cutPieces(page, '[data-testid="queue-header"]', ':scope > span')).toEqual([])

      // The case's own text keeps room under its header, in a short window too (the header's last facts scroll).
      const share = await page.evaluate(() => document.querySelector('.case-body')!.getBoundingClientRect().height / document.querySelector('.case-view')!.getBoundingClientRect().height)
      expect.soft(share, 'the case body’s share of the case column').toBeGreaterThanOrEqual(0.3)

      // The open case, the demo's first, is a classification: its options fit their pane across,
      // and where the pane has room for score bars every option has one, not the suggested alone.
      expect(await page.locator('.case-view').getAttribute('data-kind')).toBe('classification')
      const options = await page.locator('.choice-list li').evaluateAll((rows) =>
        rows.map((row) => {
          const pane = row.closest('.proposal-pane')!.getBoundingClientRect()
          const box = row.getBoundingClientRect()
          const bar = row.querySelector('.score-bar')!
          return {
            text: row.textContent,
            fits: box.left >= pane.left - 0.5 && box.right <= pane.right + 0.5 && row.scrollWidth <= row.clientWidth + 0.5,
            barWidth: getComputedStyle(bar).display === 'none' ? null : bar.getBoundingClientRect().width
          }
        })
      )
      expect(options).toHaveLength(5)
      expect.soft(options.filter((option) => !option.fits)).toEqual([])
      if (size.width >= 1280) expect.soft(options.filter((option) => option.barWidth === null || option.barWidth < 32)).toEqual([])

      const kinds = await page.locator('.queue-row .kind-chip').evaluateAll((chips) =>
        chips.map((chip) => ({ text: chip.textContent, cut: chip.scrollWidth > chip.clientWidth + 0.5 }))
      )
      expect(kinds.length).toBeGreaterThan(3)
      expect.soft(kinds.filter((kind) => kind.cut)).toEqual([])
    })
  }

  it('1024×700 in triage: the top bar is one line, nothing drawn over the tabs, and the counter is read whole', async () => {
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('t')
    const counter = page.getByTestId('triage-counter')
    await counter.waitFor()
    try {
      await page.screenshot({ path: join(screenshots, 'newcomer-triage-1024x700.png') })
      expect(await rowTops(page, '.app-bar')).toHaveLength(1)
      expect(await cutPieces(page, '.app-bar', '.app-name, .screen-tabs > span, .badge-demo, .triage-counter')).toEqual([])
      // No two pieces of the bar overlap (a clipped name is not drawn over the tabs).
      const boxes = await page.locator('.app-bar > *').evaluateAll((pieces) =>
        pieces.filter((piece) => piece.getClientRects().length > 0).map((piece) => ({ left: piece.getBoundingClientRect().left, right: piece.getBoundingClientRect().right }))
      )
      for (let index = 1; index < boxes.length; index++) expect(boxes[index]!.left).toBeGreaterThanOrEqual(boxes[index - 1]!.right - 0.5)
      await expect(counter.innerText()).resolves.toMatch(/^Triage · \d+ decisions? · \d+\/h · median \d+ s$/)
    } finally {
      await page.keyboard.press('t')
      await counter.waitFor({ state: 'detached' })
    }
  })
})

/** Presses a decision key once the open case has been on screen for the reaction time, as a reviewer looks first. */
async function decide(page: Page, key: string) {
  await page.waitForSelector('[data-seen-case]')
  await page.waitForTimeout(LOOK_MS)
  await page.keyboard.press(key)
}

describe('what the status bar and Insights say of the decisions made', () => {
  it('Insights count decisions, deferrals included, and name the status bar’s count of cases decided', async () => {
    await page.setViewportSize(SIZES[1])
    await decide(page, 'a')
    await page.getByTestId('last-decision').filter({ hasText: /^✓ (Approved|Decided) “/ }).waitFor()
    await decide(page, 'd')
    await page.getByRole('dialog').filter({ hasText: 'Defer' }).waitFor()
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('1')
    await page.getByTestId('last-decision').filter({ hasText: /^✓ Deferred “/ }).waitFor()
    // Until when the case is deferred (“For an hour”), in words and the reviewer's clock.
    const said = (await page.getByTestId('last-decision').innerText()).replace(/\s+/g, ' ')
    expect(said, said).toMatch(/ until (today|tomorrow), \d{1,2}:\d{2}( [AP]M)? — saved$/)
    // Once its undo window (300 ms here) has passed, u is no longer offered: it could only refuse.
    await expect.poll(() => page.locator('.status-bar .key-hints').innerText()).not.toMatch(/\bundo\b/)
    await expect(page.getByTestId('decided-count').innerText()).resolves.toBe('1 case decided')

    await page.keyboard.press('g')
    await page.keyboard.press('i')
    await expect(page.getByTestId('insights-total').innerText()).resolves.toBe(
      '2 decisions, deferrals and questions included; the status bar counts 1 case decided'
    )
    await page.screenshot({ path: join(screenshots, 'newcomer-insights-counts.png') })
  })

  it('a reroute names its target apart from the backend it is delivered to; the demo’s last decision leaves with the demo', async () => {
    const token = newToken()
    mkdirSync(join(dir.path, 'team'))
    const backend = await startBackend(join(dir.path, 'team'), token, { teams: { 'second-line': ['erin'] } })
    backend.store.putCases(generateCases({ count: 6, seed: 22, idPrefix: 'team', baseTime: new Date() }), REVIEWER)
    try {
      await page.keyboard.press('g')
      await page.keyboard.press('r')
      await openAddBackendForm(page)
      await typeIntoNextFields(page, ['Team queue', null, backend.url, token])
      await saveBackendAndSync(page, 'team-queue')
      await page.keyboard.press('g')
      await page.keyboard.press('r')
      await page.locator('.queue-row').first().waitFor()
      // The deferral above was on a demo case: with the demo gone, it is nobody's last decision here.
      await expect.soft(page.getByTestId('last-decision').count()).resolves.toBe(0)

      await decide(page, 'o')
      const picker = page.getByRole('dialog').filter({ hasText: 'Send it to…' })
      await expect(picker.locator('.picker-options li').first().innerText()).resolves.toMatch(/^1\s+second-line \(team\)\s+second-line$/)
      await page.waitForTimeout(LOOK_MS)
      await page.keyboard.press('1')
      const last = page.getByTestId('last-decision')
      await last.filter({ hasText: 'delivered' }).waitFor()
      await expect(last.innerText().then((text) => text.replace(/\s+/g, ' '))).resolves.toMatch(
        /^✓ Rerouted “.+” to second-line \(team\) — delivered to backend Team queue$/
      )
      // The message is whole: the key hints give way to it.
      expect(await page.locator('.status-message').evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
      await page.screenshot({ path: join(screenshots, 'newcomer-reroute-delivered.png') })
    } finally {
      await backend.close()
    }
  })
})
