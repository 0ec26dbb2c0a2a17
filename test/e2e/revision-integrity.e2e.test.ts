import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { newToken, REVIEWER, startBackend } from '../fixtures/sync-fixtures'
import { createDriver, type Driver } from './driver'
import { openAddBackendForm, saveBackendAndSync, typeIntoNextFields } from './settings-steps'

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

let driver: Driver
let backend: ReferenceBackend
let dir: ReturnType<typeof makeTempDir>
const token = newToken()

beforeAll(async () => {
  dir = makeTempDir('countersign-e2e-revisions-')
  backend = await startBackend(dir.path, token)
  backend.store.putCases(generateCases({ count: 3, seed: 41, idPrefix: 'team', baseTime: new Date() }), REVIEWER)
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
  await backend.close()
  dir.remove()
})

it('a service that rewrites the open case without a new revision: the screen keeps what was shown, the status bar and Settings name the fault', async () => {
  const session = await driver.open(join(dir.path, 'app'))
  const { page } = session
  try {
    await openAddBackendForm(page)
    await typeIntoNextFields(page, ['Team cases', null, backend.url, token])
    await saveBackendAndSync(page, 'team-cases')
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
    const openId = (await page.locator('.case-view').getAttribute('data-case-id'))!
    const title = await page.locator('.case-title').innerText()

    backend.store.rewriteWithoutRevision(openId, (reviewCase) => ({ ...reviewCase, title: 'Pay 100000 EUR' }))
    await page.keyboard.press('s')
    await page.getByTestId('sync-team-cases').filter({ hasText: 'sync error' }).waitFor()
    expect(await page.getByTestId('sync-team-cases').getAttribute('title')).toMatch(
      new RegExp(`^Team cases broke the sync protocol: case "${openId}" \\(#\\d+\\) changed under revision 1 without a new revision`)
    )
    expect(await page.locator('.case-title').innerText()).toBe(title)
    await expect(page.locator('.case-notice').count()).resolves.toBe(0)

    await page.keyboard.press('g')
    await page.keyboard.press('s')
    await page.locator('.field-error', { hasText: `Not loaded: case "${openId}"` }).waitFor()
    await page.screenshot({ path: join(screenshots, 'settings-revision-fault.png') })
  } finally {
    await session.close()
  }
})
