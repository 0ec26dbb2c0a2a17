import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'
import { spawnWebHost, type WebHostProcess } from './web-host-process'
import { confirmOnceSeen } from './review-steps'

// The newcomer on a headless box, SSH or WSL: no Secret Service on the session bus. The web host
// runs as `npm start` runs it, and the reviewer still decides, from the keyboard, signed.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const dir = makeTempDir('countersign-e2e-no-keychain-')
/** No Secret Service: the session bus is a path where nothing listens. */
const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/countersign-no-bus' }
let host: WebHostProcess
let browser: Browser
let page: Page

beforeAll(async () => {
  host = await spawnWebHost(dir.path, NO_BUS)
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await page.goto(host.url)
  await page.waitForSelector('[data-painted-case]')
})
afterAll(async () => {
  await browser?.close()
  await host?.stop()
  dir.remove()
})

describe('no keychain on this machine', () => {
  it('says so once, and a decision is still recorded, signed and verified', async () => {
    const notice = page.getByRole('alert').filter({ hasText: 'No system keychain this run' })
    await notice.waitFor()
    await expect(page.locator('.problem-banner').count()).resolves.toBe(1)
    await expect(notice.innerText()).resolves.toMatch(/Debian\/Ubuntu: sudo apt install gnome-keyring/)
    await page.screenshot({ path: join(screenshots, 'no-keychain-notice.png') })

    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('a')
    await page.waitForSelector('.confirm-strip, .status-saved')
    if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
    await page.waitForSelector('.status-saved')
    const [row] = readDecisionRows(dir.path)
    expect(row!.outcome).toBe('approve')

    await page.keyboard.press('g')
    await page.keyboard.press('a')
    await page.getByTestId('chain-status').filter({ hasText: '1 decision record verified' }).waitFor()
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('signature-status').innerText()).resolves.toMatch(/^✓ Signature valid — key /)
    await page.keyboard.press('Escape')

    await page.keyboard.press('g')
    await page.keyboard.press('s')
    await expect(page.getByTestId('tokens-in-memory').innerText()).resolves.toBe(
      'No system keychain this run: tokens are held in memory and must be entered again next run.'
    )
    await page.screenshot({ path: join(screenshots, 'no-keychain-settings.png') })
    expect(host.alive()).toBe(true)
  })

  it('the notice says how to hide it, and Esc hides it until the app restarts: a reload keeps it hidden', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    const banner = page.locator('.problem-banner')
    await expect(banner.locator('.banner-hint').innerText()).resolves.toBe('Esc hide until restart')
    // Esc closes the innermost thing first (a notice in the status bar), then the banner.
    for (let press = 0; press < 3 && (await banner.count()) > 0; press++) await page.keyboard.press('Escape')
    await banner.waitFor({ state: 'detached' })
    await page.screenshot({ path: join(screenshots, 'no-keychain-hidden.png') })
    // A reload is not a restart: the banner stays hidden.
    await page.reload()
    await page.waitForSelector('[data-painted-case]')
    await expect(page.locator('.problem-banner').count()).resolves.toBe(0)
    // A new launch (a new address, as npm start prints one each time) says it once more.
    await host.stop()
    host = await spawnWebHost(dir.path, NO_BUS)
    await page.goto(host.url)
    await page.locator('.problem-banner').filter({ hasText: 'No system keychain this run' }).waitFor()
  })
})
