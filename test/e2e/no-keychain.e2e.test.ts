import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readDecisionRows } from '../fixtures/sqlite'
import { spawnWebHost } from './web-host-process'
import { openWebHostSession } from './web-host-session'
import { confirmOnceSeen } from './review-steps'

// The newcomer on a headless box, SSH or WSL: no Secret Service on the session bus. The web host
// runs as `npm start` runs it, and the reviewer still decides, from the keyboard, signed.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const web = openWebHostSession('countersign-e2e-no-keychain-', { start: (dataDir) => spawnWebHost(dataDir, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/countersign-no-bus' }) })

describe('no keychain on this machine', () => {
  it('says so once, and a decision is still recorded, signed and verified', async () => {
    const notice = web.page.getByRole('alert').filter({ hasText: 'No system keychain this run' })
    await notice.waitFor()
    await expect(web.page.locator('.problem-banner').count()).resolves.toBe(1)
    await expect(notice.innerText()).resolves.toMatch(/Debian\/Ubuntu: sudo apt install gnome-keyring/)
    await web.page.screenshot({ path: join(screenshots, 'no-keychain-notice.png') })

    await web.page.waitForSelector('[data-seen-case]')
    await web.page.keyboard.press('a')
    await web.page.waitForSelector('.confirm-strip, .status-saved')
    if (await web.page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(web.page, 'a')
    await web.page.waitForSelector('.status-saved')
    const [row] = readDecisionRows(web.dir)
    expect(row!.outcome).toBe('approve')

    await web.page.keyboard.press('g')
    await web.page.keyboard.press('a')
    await web.page.getByTestId('chain-status').filter({ hasText: '1 decision record verified' }).waitFor()
    await web.page.keyboard.press('Enter')
    await expect(web.page.getByTestId('signature-status').innerText()).resolves.toMatch(/^✓ Signature valid — key /)
    await web.page.keyboard.press('Escape')

    await web.page.keyboard.press('g')
    await web.page.keyboard.press('s')
    await expect(web.page.getByTestId('tokens-in-memory').innerText()).resolves.toBe(
      'No system keychain this run: tokens are held in memory and must be entered again next run.'
    )
    await web.page.screenshot({ path: join(screenshots, 'no-keychain-settings.png') })
    expect(web.host.alive()).toBe(true)
  })

  it('the notice says how to hide it, and Esc hides it until the app restarts', async () => {
    await web.page.keyboard.press('g')
    await web.page.keyboard.press('r')
    const banner = web.page.locator('.problem-banner')
    await expect(banner.locator('.banner-hint').innerText()).resolves.toBe('Esc hide until restart')
    // Esc closes the innermost thing first (a notice in the status bar), then the banner.
    for (let press = 0; press < 3 && (await banner.count()) > 0; press++) await web.page.keyboard.press('Escape')
    await banner.waitFor({ state: 'detached' })
    await web.page.screenshot({ path: join(screenshots, 'no-keychain-hidden.png') })
    await web.page.reload()
    await web.page.locator('.problem-banner').filter({ hasText: 'No system keychain this run' }).waitFor()
  })
})
