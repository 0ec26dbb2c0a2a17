import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CONFIG_FILE } from '../../electron/services/config/backend-config-store'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { openLangGraphBackendForm, typeIntoNextFields } from './settings-steps'

// Attack 22: a number typed into a JSON setting (a LangGraph backend's metadata filter) must keep
// every digit, or be refused saying why: never saved, and sent to the server, as another number.
// Thread metadata written by a Python LangGraph server (Postgres JSONB) keeps 20-digit ids
// exactly; a filter rounded to a double matches none of them, and the reviewer sees no cases.

let driver: Driver
beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})

it('a 20-digit number in the metadata filter is kept exactly or refused, never rounded', async () => {
  const dir = makeTempDir('countersign-e2e-a22-settings-')
  const session = await driver.open(dir.path)
  const { page } = session
  try {
    await openLangGraphBackendForm(page)
    await typeIntoNextFields(page, ['Tenants', null, 'http://127.0.0.1:9', 'inbox', '{"tenant_id": 12345678901234567890}'])
    await page.keyboard.press('Enter')
    // Either the form refuses the number (and stays open), or it saves it exactly.
    await expect
      .poll(async () => (existsSync(join(session.dataDir, CONFIG_FILE)) ? 'saved' : (await page.locator('form .field-error, form [role="alert"]').count()) > 0 ? 'refused' : 'waiting'), { timeout: 10_000 })
      .not.toBe('waiting')
    if (existsSync(join(session.dataDir, CONFIG_FILE))) {
      const saved = readFileSync(join(session.dataDir, CONFIG_FILE), 'utf8')
      expect(saved).toContain('"tenant_id": 12345678901234567890')
    } else {
      await expect(page.locator('#backend-metadata-error').innerText()).resolves.toContain('12345678901234567890')
    }
  } finally {
    await session.close()
    dir.remove()
  }
})

it('a refused save puts the keyboard on the first field at fault, and a field typed into loses its error', async () => {
  const dir = makeTempDir('countersign-e2e-a22-settings-errors-')
  const session = await driver.open(dir.path)
  const { page } = session
  try {
    await openLangGraphBackendForm(page)
    // Nothing filled in but the kind; focus on the URL, then save.
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.locator('#backend-name-error').waitFor()
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement).name)).resolves.toBe('name')
    const faults = () => page.locator('form [aria-invalid="true"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).name))
    await expect(faults()).resolves.toEqual(expect.arrayContaining(['name', 'location']))
    await page.keyboard.type('Agents')
    // The name (and the id made from it) no longer say they are wrong; the URL still does.
    await expect(faults()).resolves.toEqual(['location'])
    await expect(page.locator('#backend-name-error').count()).resolves.toBe(0)
    expect(existsSync(join(session.dataDir, CONFIG_FILE))).toBe(false)
  } finally {
    await session.close()
    dir.remove()
  }
})
