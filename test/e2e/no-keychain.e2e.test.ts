import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'
import { spawnWebHost, type WebHostProcess } from './web-host-process'
import { confirmOnceSeen } from './review-steps'
import { openAddBackendForm, saveBackendAndSync, typeIntoNextFields } from './settings-steps'
import { generateCases } from '../fixtures/case-generator'
import { newToken, REVIEWER, startBackend } from '../fixtures/sync-fixtures'

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
    // One line: the rest of the text is in Settings (g s), and in the tooltip.
    const banner = await page.locator('.problem-banner').evaluate((element) => {
      const style = getComputedStyle(element)
      return { height: element.getBoundingClientRect().height, line: parseFloat(style.lineHeight) + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + 1 }
    })
    expect(banner.height).toBeLessThanOrEqual(banner.line + 1)
    await expect(page.locator('.problem-banner').getAttribute('title')).resolves.toMatch(/^No system keychain this run: [^]*Windows: Credential Manager, built in\./)
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
    // Settings says it in full below; the banner that points here is not shown over it.
    await expect(page.locator('.problem-banner').count()).resolves.toBe(0)
    // The banner's details: the whole notice, its way out on a line of its own.
    const details = page.getByTestId('run-problems')
    await expect(details.getByRole('heading').innerText()).resolves.toBe('Problems this run')
    await expect(details.locator('.run-problem').innerText()).resolves.toMatch(
      /^No system keychain this run: .+ each run signs with a new key\.\nTo use a keychain — Debian\/Ubuntu: sudo apt install gnome-keyring libsecret-1-dev/
    )
    await page.screenshot({ path: join(screenshots, 'no-keychain-settings.png') })
    expect(host.alive()).toBe(true)
  })

  it('on a laptop screen, two backends are added: the form says what becomes of the demo, Insights count what is shown, nothing is cut or wrapped', async () => {
    await page.setViewportSize({ width: 1280, height: 720 })
    const token = newToken()
    const [team, ops] = await Promise.all(
      ['team', 'ops'].map(async (name, index) => {
        mkdirSync(join(dir.path, name))
        const backend = await startBackend(join(dir.path, name), token)
        backend.store.putCases(generateCases({ count: 12, seed: 31 + index, idPrefix: name, baseTime: new Date() }), REVIEWER)
        return backend
      })
    )
    try {
      await page.keyboard.press('g')
      await page.keyboard.press('r')
      await openAddBackendForm(page)
      // The first backend: the dialog says the demo leaves, is whole on screen, and Tab stays in it.
      await expect(page.getByTestId('replaces-demo').innerText()).resolves.toMatch(/^The demo workspace leaves the queue once this backend is added/)
      const dialog = await page.getByRole('dialog', { name: 'Add a backend' }).boundingBox()
      expect(dialog!.y).toBeGreaterThanOrEqual(0)
      expect(dialog!.y + dialog!.height).toBeLessThanOrEqual(720)
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName)
      await page.keyboard.press('Shift+Tab')
      await expect(focused()).resolves.toBe('interval')
      await page.keyboard.press('Tab')
      await expect(focused()).resolves.toBe('SELECT')
      await typeIntoNextFields(page, ['Team cases', null, team!.url, token])
      await page.screenshot({ path: join(screenshots, 'laptop-add-first-backend.png') })
      await saveBackendAndSync(page, 'team-cases')
      await expect(page.getByTestId('demo-left').innerText()).resolves.toMatch(/^The demo workspace left the queue when “Team cases” was added/)
      await page.keyboard.press('g')
      await page.keyboard.press('i')
      // The demo case decided earlier is not counted: it is not in a workspace shown.
      await expect(page.locator('.insights-screen > p.muted').first().innerText()).resolves.toBe('No decisions recorded on this device yet: the charts fill in as you decide.')
      await expect(page.getByTestId('insights-scope').innerText()).resolves.toMatch(/^Counts the workspaces shown: Team cases\./)

      await page.keyboard.press('g')
      await page.keyboard.press('r')
      await openAddBackendForm(page)
      await expect(page.getByTestId('replaces-demo').count()).resolves.toBe(0)
      await typeIntoNextFields(page, ['Ops queue', null, ops!.url, token])
      await saveBackendAndSync(page, 'ops-queue')
      await page.keyboard.press('g')
      await page.keyboard.press('r')
      await page.waitForSelector('[data-seen-case]')
      await page.locator('.queue-row-backend').first().waitFor()
      await expect(page.locator('.problem-banner').count()).resolves.toBe(1)

      // Each row names its backend on its kind line, where the name gives way: the kind chip, the
      // risk badges and the due time (on the title line, whose title gives way) are always whole.
      const rows = await page.locator('.queue-row').evaluateAll((elements) =>
        elements.map((row) => {
          const whole = (piece: HTMLElement) => {
            const inside = piece.parentElement!.closest('.queue-row-top, .queue-row-meta')!.getBoundingClientRect()
            const box = piece.getBoundingClientRect()
            return piece.scrollWidth <= piece.clientWidth + 0.5 && box.left >= inside.left - 0.5 && box.right <= inside.right + 0.5
          }
          return {
            backend: row.querySelector('.queue-row-backend')?.textContent,
            cut: [...row.querySelectorAll<HTMLElement>('.kind-chip, .risk-badges .badge, .due')].filter((piece) => !whole(piece)).map((piece) => piece.textContent)
          }
        })
      )
      expect(rows.length).toBeGreaterThan(5)
      expect(rows.map((row) => row.backend).filter((backend) => backend !== 'Team cases' && backend !== 'Ops queue')).toEqual([])
      expect(rows.flatMap((row) => row.cut)).toEqual([])
      // The status bar holds both backends and the key hints on one line (the message is empty: the
      // last decision was on the demo, which has left).
      const bar = await page.locator('.status-bar').evaluate((element) => ({
        tops: [...element.children]
          .map((child) => child.getBoundingClientRect())
          .filter((box) => box.height > 0)
          .map((box) => Math.round(box.top + box.height / 2)),
        lineHeight: parseFloat(getComputedStyle(element).lineHeight) || 20,
        height: element.getBoundingClientRect().height
      }))
      expect(new Set(bar.tops).size, JSON.stringify(bar)).toBe(1)
      expect(bar.height).toBeLessThan(2 * bar.lineHeight)
      await expect(page.getByTestId('sync-team-cases').isVisible()).resolves.toBe(true)
      await expect(page.getByTestId('sync-ops-queue').isVisible()).resolves.toBe(true)
      await page.screenshot({ path: join(screenshots, 'laptop-two-backends.png') })
    } finally {
      await page.setViewportSize(VIEWPORT)
      await Promise.all([team!.close(), ops!.close()])
    }
  })

  it('the notice says how to hide it, and Esc hides it until the app restarts: a reload keeps it hidden', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    const banner = page.locator('.problem-banner')
    await expect(banner.locator('.banner-hint').innerText()).resolves.toBe('g s details · Esc hide until restart')
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
