import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { LOOK_MS } from './os-keys'
import { openFirstOfKind } from './review-steps'

// Keys a newcomer pressed on the demo that did nothing they could see. At 1024×700 the first
// case's last facts and its fifth option were cut off, and no key scrolled them into view (the
// layout does not scroll as a page): PageDown and PageUp scroll whatever the window cuts off, in
// reading order — the case's facts, then its options; on the other screens, the screen. `s` and
// `c` on the demo alone said nothing: now they say why there is nothing to do.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const dir = makeTempDir('countersign-e2e-newcomer-keys-')
let driver: Driver
let session: AppSession

beforeAll(async () => {
  driver = await createDriver()
  session = await driver.open(dir.path)
  await session.page.setViewportSize({ width: 1024, height: 700 })
  await session.page.waitForSelector('[data-seen-case]')
}, 60_000)
afterAll(async () => {
  await session?.close()
  await driver?.close()
  dir.remove()
})

/** Whether the element holding `text` inside `region` is wholly inside the region's visible box (above its sticky key line, if it has one). */
function wholeInView(page: Page, region: string, text: string) {
  return page.locator(region).evaluate((box, text) => {
    const piece = [...box.querySelectorAll<HTMLElement>('*')].find((element) => element.children.length === 0 && element.textContent === text)
    if (!piece) return null
    const outer = box.getBoundingClientRect()
    const keys = box.querySelector(':scope > .case-keys')
    const bottom = keys ? keys.getBoundingClientRect().top : outer.bottom
    const inner = piece.getBoundingClientRect()
    return inner.top >= outer.top - 0.5 && inner.bottom <= bottom + 0.5
  }, text)
}

const scrollTops = (page: Page, selector: string) => page.locator(selector).evaluateAll((elements) => elements.map((element) => element.scrollTop))

it('PageDown brings the cut-off facts and options of the case into view, and PageUp takes them back', async () => {
  const { page } = session
  await expect(page.locator('.case-title').innerText()).resolves.toMatch(/^Categorise ticket/)
  expect(await wholeInView(page, '.proposal-pane', 'Cancellation')).toBe(false)
  await page.keyboard.press('PageDown')
  await page.keyboard.press('PageDown')
  await page.waitForTimeout(300)
  expect(await wholeInView(page, '.case-header', 'Provenance')).toBe(true)
  expect(await wholeInView(page, '.proposal-pane', 'Cancellation')).toBe(true)
  await page.screenshot({ path: join(screenshots, 'page-scroll-1024x700.png') })
  await page.keyboard.press('PageUp')
  await page.keyboard.press('PageUp')
  await page.waitForTimeout(300)
  expect(await scrollTops(page, '.case-header, .proposal-pane')).toEqual([0, 0])
  // The keys moved nothing else: the same case is open.
  const title = await page.locator('.case-title').innerText()
  // The next case opens at its top, not scrolled as PageDown left the one before (newcomer trial 27).
  await page.keyboard.press('PageDown')
  await page.keyboard.press('j')
  await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent !== before, title)
  await page.waitForSelector('[data-seen-case]')
  expect(await scrollTops(page, '.case-header')).toEqual([0])
  await page.keyboard.press('k')
  await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent === before, title)
})

it('on a reply, PageDown reads on into the text once the facts and options are in view; PageUp comes back', async () => {
  const { page } = session
  await openFirstOfKind(page, 'Text approval')
  await page.waitForSelector('[data-painted-case]')
  const proposal = page.locator('.diff-slot.front .modified-in-monaco-diff-editor .view-lines')
  const firstShown = () => proposal.evaluate((lines) => [...lines.querySelectorAll('.view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).find((line) => line.getBoundingClientRect().bottom > lines.closest('.monaco-editor')!.getBoundingClientRect().top + 1)?.textContent ?? '')
  const atTop = await firstShown()
  let presses = 0
  while ((await firstShown()) === atTop && presses < 8) {
    await page.keyboard.press('PageDown')
    await page.waitForTimeout(150)
    presses++
  }
  expect(await firstShown()).not.toBe(atTop)
  await page.screenshot({ path: join(screenshots, 'page-scroll-into-text-1024x700.png') })
  for (let press = 0; press < presses; press++) await page.keyboard.press('PageUp')
  await page.waitForTimeout(300)
  await expect(firstShown()).resolves.toBe(atTop)
  // Reading on before confirming: PageDown scrolls the text and the prompt stays.
  await page.waitForTimeout(LOOK_MS)
  await page.keyboard.press('a')
  await page.locator('.confirm-strip').waitFor()
  await page.keyboard.press('PageDown')
  await page.waitForTimeout(300)
  await expect(page.locator('.confirm-strip').count()).resolves.toBe(1)
  await page.keyboard.press('Escape')
  await page.locator('.confirm-strip').waitFor({ state: 'detached' })

  await openFirstOfKind(page, 'Classification')
})

it('typing at the end of an exception’s proposed rule keeps the line typed in view (the diff’s alignment once pushed it below the pane)', async () => {
  const { page } = session
  await openFirstOfKind(page, 'Exception')
  await page.waitForSelector('[data-painted-case]')
  await page.keyboard.press('e')
  await page.locator('.diff-titles .editing').waitFor()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(' Orders over €500 still need a team lead.', { delay: 20 })
  await page.waitForTimeout(500)
  const cursorInView = () =>
    page.evaluate(() => {
      const editor = document.querySelector('.diff-slot.front .modified-in-monaco-diff-editor')!
      const cursor = editor.querySelector('.cursors-layer .cursor')?.getBoundingClientRect()
      const view = editor.querySelector('.overflow-guard')!.getBoundingClientRect()
      return cursor !== undefined && cursor.height > 0 && cursor.top >= view.top - 1 && cursor.bottom <= view.bottom + 1
    })
  await expect(cursorInView()).resolves.toBe(true)
  await page.screenshot({ path: join(screenshots, 'exception-rule-typed-1024x700.png') })
  // Nothing recorded: the edit is dropped with Ctrl+Z and Esc.
  for (let undo = 0; undo < 45; undo++) await page.keyboard.press('Control+z')
  await page.keyboard.press('Escape')
  await openFirstOfKind(page, 'Classification')
})

it('Tab round the page reaches the read-only source: arrows move its caret, and the keys that type run commands there (they did nothing until Esc)', async () => {
  const { page } = session
  await openFirstOfKind(page, 'Text approval')
  await page.waitForSelector('[data-seen-case]')
  const title = await page.locator('.case-title').innerText()
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLTextAreaElement | null
      return { source: element?.closest('.diff-slot.front .original-in-monaco-diff-editor') !== null, readOnly: element?.readOnly === true }
    })
  for (let press = 0; press < 40 && !(await focused()).source; press++) await page.keyboard.press('Tab')
  await expect.poll(focused).toEqual({ source: true, readOnly: true })
  // Reading: the caret moves down the source, and the case stays.
  const caretLine = () => page.locator('.diff-slot.front .original-in-monaco-diff-editor .cursors-layer .cursor').first().evaluate((cursor) => cursor.getBoundingClientRect().top)
  const lineBefore = await caretLine()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect.poll(caretLine).toBeGreaterThan(lineBefore)
  await expect(page.locator('.case-title').innerText()).resolves.toBe(title)
  await expect(focused()).resolves.toEqual({ source: true, readOnly: true })
  // A key that types a character is a command: ? opens the shortcuts, Esc closes them.
  await page.keyboard.press('?')
  await page.locator('.cheat-sheet').waitFor()
  await page.keyboard.press('Escape')
  await page.locator('.cheat-sheet').waitFor({ state: 'detached' })
  await page.locator('.diff-slot.front .original-in-monaco-diff-editor textarea').focus()
  await page.keyboard.press('j')
  await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent !== before, title)
  await openFirstOfKind(page, 'Classification')
})

it('on Settings, PageDown scrolls the screen to what is below the window', async () => {
  const { page } = session
  await page.keyboard.press('g')
  await page.keyboard.press('s')
  await page.locator('.settings-screen').waitFor()
  const [before] = await scrollTops(page, '.settings-screen')
  await page.keyboard.press('PageDown')
  await page.waitForTimeout(300)
  const [after] = await scrollTops(page, '.settings-screen')
  expect(before).toBe(0)
  expect(after).toBeGreaterThan(200)
})

it('the shortcuts sheet, cut off by a short window, scrolls with PageDown and PageUp; no other key reaches the case under it', async () => {
  const { page } = session
  await page.keyboard.press('g')
  await page.keyboard.press('r')
  await page.waitForSelector('[data-seen-case]')
  await page.keyboard.press('?')
  await page.locator('.cheat-sheet').waitFor()
  const [top, height, clientHeight] = await page.locator('.cheat-sheet').evaluate((sheet) => [sheet.scrollTop, sheet.scrollHeight, sheet.clientHeight])
  expect([top, height > clientHeight]).toEqual([0, true])
  const lastInView = () =>
    page.locator('.cheat-sheet').evaluate((sheet) => sheet.lastElementChild!.getBoundingClientRect().bottom <= sheet.getBoundingClientRect().bottom)
  await expect(lastInView()).resolves.toBe(false)
  await page.keyboard.press('PageDown')
  await page.waitForTimeout(300)
  // The rest of the sheet came into view, down to its last line (how to close it, the keys' legend).
  await expect(lastInView()).resolves.toBe(true)
  await page.keyboard.press('PageUp')
  await page.waitForTimeout(300)
  expect(await scrollTops(page, '.cheat-sheet')).toEqual([0])
  await page.keyboard.press('Escape')
  await page.locator('.cheat-sheet').waitFor({ state: 'detached' })
})

it('on Insights, Tab reaches the charts before the threshold, and a key letter typed into the threshold changes nothing', async () => {
  const { page } = session
  await page.keyboard.press('g')
  await page.keyboard.press('i')
  await page.locator('.chart-panel').first().waitFor()
  const threshold = page.locator('.insights-screen input.inline-number')
  const before = await threshold.inputValue()
  const charts = await page.locator('.chart-panel').evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-chart-id')))
  const focusedChart = () => page.evaluate(() => document.activeElement?.getAttribute('data-chart-id') ?? null)
  // Tab reaches a chart (the screen's heading region has the keyboard first)…
  for (let press = 0; press < 4 && (await focusedChart()) === null; press++) await page.keyboard.press('Tab')
  const reached = await focusedChart()
  expect(charts).toContain(reached)
  // …and the next Tab the next chart, which becomes the one t and x act on.
  await page.keyboard.press('Tab')
  const next = charts[charts.indexOf(reached) + 1]!
  await expect(focusedChart()).resolves.toBe(next)
  await expect(page.locator(`.chart-panel[data-chart-id="${next}"]`).getAttribute('class')).resolves.toContain('focused')
  await expect(page.locator('.key-hints').innerText()).resolves.toMatch(/\bj next\b[\s\S]*\bk previous\b/)
  await threshold.focus()
  await page.keyboard.press('Control+a')
  await page.keyboard.press('x')
  await expect(page.locator('#threshold-error').innerText()).resolves.toBe(`A whole number from 2 to 10,000: ${before} still counts.`)
  await page.keyboard.press('Escape')
  await expect(threshold.inputValue()).resolves.toBe(before)
  await expect(page.locator('#autonomy-title + p').innerText()).resolves.toContain(`last ${before} cases or more`)
  // Past the services' range, the number typed last in range still counts (taken as typed: 1000 on the way to 10001).
  await threshold.focus()
  await page.keyboard.press('Control+a')
  await page.keyboard.type('10001')
  await expect(page.locator('#threshold-error').innerText()).resolves.toBe('A whole number from 2 to 10,000: 1000 still counts.')
  await expect(page.locator('.status-bar .status-error').count()).resolves.toBe(0)
  await page.keyboard.press('Control+a')
  await page.keyboard.type(before)
  await page.keyboard.press('Escape')
  await expect(page.locator('#autonomy-title + p').innerText()).resolves.toContain(`last ${before} cases or more`)
})

it('on the audit trail, v checks the chain again and says when: the line reads differently after the press', async () => {
  const { page } = session
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  const status = page.getByTestId('chain-status')
  await status.filter({ hasText: /Checked at .+ \(v checks again\)\.$/ }).waitFor()
  const first = await status.innerText()
  // The clock shows seconds: a second later, the same result reads with another time.
  await page.waitForTimeout(1_100)
  await page.keyboard.press('v')
  await page.waitForFunction((before) => document.querySelector('[data-testid="chain-status"]')?.textContent !== before && !document.querySelector('[data-testid="chain-status"]')?.textContent?.startsWith('Checking'), first)
  await expect(status.innerText()).resolves.toMatch(/^✓ 0 decision records verified: .+ Checked at .+ \(v checks again\)\.$/)
})

it('on the demo alone, s and c say why they do nothing', async () => {
  const { page } = session
  await page.keyboard.press('g')
  await page.keyboard.press('r')
  await page.waitForSelector('[data-seen-case]')
  await page.keyboard.press('s')
  await page.getByText('Nothing to sync: no backend is set up; the demo workspace is built in. Settings (g s) adds one (n).').waitFor()
  // A key pressed on its own, not typed right after another (which the app takes for typing).
  await page.waitForTimeout(LOOK_MS)
  await page.keyboard.press('c')
  await page.getByText('The demo’s cases are built in, with no backend to hold them for you', { exact: false }).waitFor()
  await expect(page.getByRole('dialog').count()).resolves.toBe(0)
})
