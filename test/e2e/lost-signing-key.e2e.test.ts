import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { keychainSecretStore } from '../../electron/services/secrets/secret-store'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { confirmOnceSeen } from './review-steps'

// ../shared/cases/keychain-lost-key.md, step by step, on the real keychain (the private
// gnome-keyring of the test run) and from the keyboard.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const dir = makeTempDir('countersign-e2e-lost-key-')
let driver: Driver
beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
  dir.remove()
})

/** `a` on the open case once it has been seen (decision keys wait for the reaction time). */
async function approveOpenCase(page: Page): Promise<void> {
  await page.waitForSelector('[data-seen-case]')
  await page.keyboard.press('a')
  await page.waitForSelector('.confirm-strip, .status-saved, .status-error')
  if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
}

describe('the private signing key is missing from the keychain', () => {
  it('rotating from Settings retires it and makes a new key; the old record verifies, the next is signed with the new key', async () => {
    let session = await driver.open(dir.path)
    await session.page.waitForSelector('[data-painted-case]')
    await approveOpenCase(session.page)
    await session.page.waitForSelector('.status-saved')
    await session.close()
    const [first] = readDecisionRows(dir.path)
    expect(await keychainSecretStore().delete(`signing-key:${first!.record.keyId}`)).toBe(true)

    session = await driver.open(dir.path)
    const { page } = session
    try {
      await page.waitForSelector('[data-painted-case]')
      await page.locator('.problem-banner').filter({ hasText: `The private half of signing key ${first!.record.keyId} is missing` }).waitFor()
      await approveOpenCase(page)
      await page.locator('.status-error').filter({ hasText: 'Not recorded' }).waitFor()
      await page.keyboard.press('Escape')
      await page.locator('.status-error').waitFor({ state: 'detached' })

      await page.keyboard.press('g')
      await page.keyboard.press('s')
      await page.getByRole('heading', { name: 'Signing key' }).waitFor()
      const lostFingerprint = await page.getByTestId('key-fingerprint').innerText()
      await page.keyboard.press('Shift+K')
      await page.getByRole('alertdialog').waitFor()
      // The prompt is read before it is answered: a y sooner than the reaction time after K is typing.
      await page.waitForTimeout(200)
      await page.keyboard.press('y')
      await page.locator('.status-saved').filter({ hasText: 'A new signing key is in use' }).waitFor()
      await expect(page.getByTestId('key-fingerprint').innerText()).resolves.not.toBe(lostFingerprint)
      await expect(page.locator('.problem-banner').count()).resolves.toBe(0)
      await page.screenshot({ path: join(screenshots, 'lost-key-rotated.png') })

      await page.keyboard.press('g')
      await page.keyboard.press('r')
      await page.waitForSelector('[data-painted-case]')
      await approveOpenCase(page)
      await page.waitForSelector('.status-saved')
      const rows = readDecisionRows(dir.path)
      expect(rows).toHaveLength(2)
      expect(rows[1]!.record.keyId).not.toBe(first!.record.keyId)

      await page.keyboard.press('g')
      await page.keyboard.press('a')
      await page.getByTestId('chain-status').filter({ hasText: '2 decision records verified' }).waitFor()
    } finally {
      await session.close()
    }
  })
})
