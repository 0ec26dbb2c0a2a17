import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'

// What the screens say, read as a newcomer reads them, on the demo workspace and by keyboard:
// empty insight charts, counts in words, the reject note's way out, the header and the status bar
// agreeing, a reroute counted as decided, and the cheat sheet's key names.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const dir = makeTempDir('countersign-e2e-screen-text-')
let driver: Driver
let session: AppSession
let page: Page

beforeAll(async () => {
  driver = await createDriver()
  session = await driver.open(dir.path)
  page = session.page
  await page.waitForSelector('[data-seen-case]')
})
afterAll(async () => {
  await session?.close()
  await driver?.close()
  dir.remove()
})

const strong = (testId: string) => page.getByTestId(testId).locator('strong').first().innerText()

describe('the screens’ words', () => {
  it('insights with no decisions yet: each chart says so instead of drawing empty axes; the autonomy sentence names its number', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('i')
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor()
    await expect(page.locator('.insights-screen > p.muted').first().innerText()).resolves.toBe('No decisions recorded on this device yet: the charts fill in as you decide.')
    const decisions = page.locator('[data-chart-id="decisions-over-time"]')
    await expect(decisions.locator('.chart-empty').innerText()).resolves.toBe('No decisions recorded on this device yet.')
    await expect(decisions.locator('canvas').count()).resolves.toBe(0)
    await expect(decisions.locator('p.muted').innerText()).resolves.toBe('0 decisions over 0 days.')
    // The demo's pending cases do fill the queue-age chart.
    await expect(page.locator('[data-chart-id="queue-age"] canvas').count()).resolves.toBe(1)
    await expect(page.getByText(/^Rules whose last 50 cases or more were all approved unchanged/).count()).resolves.toBe(1)
    await page.screenshot({ path: join(screenshots, 'insights-empty.png'), fullPage: true })
  })

  it('the reject note says how to leave it; Esc there cancels and records nothing', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('r')
    const picker = page.getByRole('dialog').filter({ hasText: 'Reject because…' })
    await picker.waitFor()
    await expect(picker.locator('p.muted').innerText()).resolves.toBe('A number decides · type or Tab to add a note · Esc cancel')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Wrong customer')
    await expect(picker.locator('p.muted').innerText()).resolves.toBe('Enter back to the choices, then a number decides · Esc cancel, nothing is recorded')
    await page.screenshot({ path: join(screenshots, 'reject-note.png') })
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'detached' })
    expect(readDecisionRows(session.dataDir)).toEqual([])
  })

  it('a reroute counts as decided, and the queue header’s pending count is the status bar’s', async () => {
    const pendingBefore = Number(await strong('pending-count'))
    await expect(strong('queue-header')).resolves.toBe(String(pendingBefore))
    await page.keyboard.press('o')
    await page.getByRole('dialog').filter({ hasText: 'Send it to…' }).waitFor()
    await page.keyboard.press('1')
    await page.getByTestId('decided-count').filter({ hasText: /^1 decided$/ }).waitFor()
    await expect(strong('pending-count')).resolves.toBe(String(pendingBefore - 1))
    await expect(strong('queue-header')).resolves.toBe(String(pendingBefore - 1))
    expect(readDecisionRows(session.dataDir).map((row) => row.record.outcome)).toEqual(['reroute'])
    await page.screenshot({ path: join(screenshots, 'reroute-counted.png') })
  })

  it('insights after one decision say “1 decision”', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('i')
    const decisions = page.locator('[data-chart-id="decisions-over-time"]')
    await decisions.locator('canvas').waitFor()
    await expect(decisions.locator('p.muted').innerText()).resolves.toBe('1 decision over 1 day.')
    await expect(page.locator('.insights-screen > p.muted').first().innerText()).resolves.toMatch(/^1 decision · median /)
    await page.screenshot({ path: join(screenshots, 'insights-one-decision.png'), fullPage: true })
  })

  it('the cheat sheet names keys as the keyboard does', async () => {
    await page.keyboard.press('?')
    const sheet = page.locator('.cheat-sheet')
    await sheet.waitFor()
    await expect(sheet.locator('[data-command-id="app.palette"] kbd').innerText()).resolves.toBe('Ctrl+K')
    await expect(sheet.locator('[data-command-id="merge.nextField"] kbd').innerText()).resolves.toBe('↓')
    await expect(sheet.locator('[data-command-id="insights.reload"] kbd').innerText()).resolves.toBe('r')
    await expect(sheet.innerText()).resolves.not.toMatch(/Mod\+k|ArrowDown/)
    await page.screenshot({ path: join(screenshots, 'cheat-sheet-keys.png') })
    await page.keyboard.press('Escape')
  })
})
