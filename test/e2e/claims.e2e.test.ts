import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startReferenceBackend, type ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { newToken } from '../fixtures/sync-fixtures'
import { createDriver, type AppSession, type Driver } from './driver'
import { openAddBackendForm, saveBackendAndSync, typeIntoNextFields } from './settings-steps'
import { LOOK_MS } from './os-keys'

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

const TEAM = 'Support Tier 2 (team)'
/** A lease is taken after a 400 ms dwell and a round trip: give polls more than vitest's 1 s default, for loaded machines. */
const LEASE_WAIT = { timeout: 15_000 }
const tokens = { dana: newToken(), erin: newToken() }
let driver: Driver
let backend: ReferenceBackend
let dir: ReturnType<typeof makeTempDir>
const sessions: AppSession[] = []

beforeEach(async () => {
  dir = makeTempDir('countersign-e2e-claims-')
  backend = await startReferenceBackend({
    dbFile: join(dir.path, 'backend.sqlite'),
    tokens: { [tokens.dana]: 'dana', [tokens.erin]: 'erin' },
    teams: { [TEAM]: ['dana', 'erin'] }
  })
  backend.store.putCases(generateCases({ count: 6, seed: 41, idPrefix: 'team', baseTime: new Date() }), TEAM)
  driver ??= await createDriver()
})
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
  await backend.close()
  dir.remove()
})
afterAll(async () => {
  await driver.close()
})

/** A reviewer's app on its own data directory, with the team backend added from Settings by keyboard. */
async function openReviewer(name: string, token: string): Promise<Page> {
  const session = await driver.open(join(dir.path, name))
  sessions.push(session)
  const { page } = session
  await openAddBackendForm(page)
  // Each reviewer names the backend differently: both apps share this machine's keychain, where a token is kept per backend id.
  await typeIntoNextFields(page, [`Team ${name}`, null, backend.url, token])
  await saveBackendAndSync(page, `team-${name}`)
  await page.keyboard.press('g')
  await page.keyboard.press('r')
  await page.getByTestId('pending-count').filter({ hasText: /^6 pending$/ }).waitFor()
  await page.waitForSelector('[data-painted-case]')
  return page
}

const openCaseId = (page: Page) => page.locator('.case-view').getAttribute('data-case-id')

it('checks the queue out for the field by keyboard, shows the hold on each case, and hands it back', async () => {
  const page = await openReviewer('dana', tokens.dana)
  // c and C act on the whole queue: pressed after a look, not straight after other keys (typing).
  await page.waitForTimeout(LOOK_MS)
  await page.keyboard.press('c')
  const dialog = page.getByRole('dialog', { name: 'Take these cases with me' })
  await dialog.waitFor()
  // A wrong end is named, and nothing is taken.
  await page.keyboard.press('Control+a')
  await page.keyboard.type('tomorrow')
  await page.keyboard.press('Enter')
  await dialog.getByRole('alert').filter({ hasText: 'Write a date and time still to come, as YYYY-MM-DD HH:MM' }).waitFor()
  const until = new Date(Date.now() + 26 * 3_600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  await page.keyboard.press('Control+a')
  await page.keyboard.type(`${until.getFullYear()}-${pad(until.getMonth() + 1)}-${pad(until.getDate())} ${pad(until.getHours())}:${pad(until.getMinutes())}`)
  await page.screenshot({ path: join(screenshots, 'claims-checkout-dialog.png') })
  await page.keyboard.press('Enter')
  await page.locator('.status-saved', { hasText: /^Took 6 cases with you, held until / }).waitFor()

  await expect.poll(() => page.locator('.queue-row .badge-mine').count(), LEASE_WAIT).toBe(6)
  const end = `${pad(until.getHours())}:${pad(until.getMinutes())}`
  for (let index = 0; index < 6; index++) {
    await page.locator('.case-hold', { hasText: new RegExp(`^Checked out to you · held until \\w+ ${end} \\(in (25|26) h\\)$`) }).waitFor()
    const caseId = await openCaseId(page)
    const lease = backend.store.leaseOf(caseId!, Date.now())
    expect(lease?.holder).toBe('dana')
    expect(Math.abs(lease!.expiresAt - until.getTime())).toBeLessThan(60_000)
    if (index === 0) await page.screenshot({ path: join(screenshots, 'claims-checked-out.png') })
    await page.keyboard.press('j')
  }

  await page.waitForTimeout(LOOK_MS)
  await page.keyboard.press('Shift+C')
  await page.locator('.status-saved', { hasText: 'Released 6 checked-out cases to the team.' }).waitFor()
  await expect.poll(() => page.locator('.queue-row .badge-mine').count(), LEASE_WAIT).toBe(0)
  const titles = await page.locator('.queue-row .queue-row-title').allInnerTexts()
  expect(titles).toHaveLength(6)
  for (const row of backend.store.db.prepare<[], { id: string }>('SELECT id FROM cases').all()) expect(backend.store.leaseOf(row.id, Date.now())).toBeUndefined()
})

it('two reviewers on one team backend: B sees the case A has open held, j passes it, and B takes it once A leaves', async () => {
  const dana = await openReviewer('dana', tokens.dana)
  const erin = await openReviewer('erin', tokens.erin)
  const rowIds = await erin.locator('.queue-row .queue-row-title').allInnerTexts()
  expect(rowIds).toHaveLength(6)

  // Dana stays on the second case.
  await dana.keyboard.press('j')
  const second = await openCaseId(dana)
  await expect.poll(() => backend.store.leaseOf(second!, Date.now())?.holder, LEASE_WAIT).toBe('dana')

  // Erin syncs: the row says who has it and until when; from the first case, j skips it.
  await erin.keyboard.press('s')
  // Erin's first sync may still have seen Dana on the first case: wait until this sync has replaced that hold.
  const heldTitles = () => erin.locator('.queue-row.held .queue-row-title').allInnerTexts()
  await expect.poll(heldTitles, LEASE_WAIT).toEqual([rowIds[1]])
  await erin.locator('.queue-row.held .badge-held', { hasText: /^Dana · until \d\d:\d\d$/ }).waitFor()
  await erin.screenshot({ path: join(screenshots, 'claims-held-by-colleague.png') })
  const first = await openCaseId(erin)
  await erin.keyboard.press('j')
  await expect.poll(() => erin.locator('.case-title').innerText(), LEASE_WAIT).toBe(rowIds[2])
  expect(await openCaseId(erin)).not.toBe(first)

  // The filter lists what colleagues hold; opening it shows the notice instead of an error.
  await erin.keyboard.press('f')
  await erin.getByRole('dialog', { name: 'Sort and narrow the queue' }).waitFor()
  await erin.keyboard.press('7')
  await erin.keyboard.press('Escape')
  await erin.getByRole('listbox', { name: 'Pending cases, 1' }).waitFor()
  await erin.locator('.case-hold', { hasText: /^Dana is reviewing this · until \d\d:\d\d$/ }).waitFor()
  await erin.screenshot({ path: join(screenshots, 'claims-notice.png') })
  await erin.keyboard.press('f')
  await erin.keyboard.press('7')
  await erin.keyboard.press('Escape')
  await erin.getByRole('listbox', { name: 'Pending cases, 6' }).waitFor()
  // Back on the whole queue, Erin is still on the case Dana holds.
  expect(await erin.locator('.case-title').innerText()).toBe(rowIds[1])

  // Dana moves back to the first case: the second is released, and Erin, still on it, takes it.
  await dana.keyboard.press('k')
  await expect.poll(() => dana.locator('.case-title').innerText(), LEASE_WAIT).toBe(rowIds[0])
  const firstId = await openCaseId(dana)
  await expect.poll(() => backend.store.leaseOf(firstId!, Date.now())?.holder, LEASE_WAIT).toBe('dana')
  await erin.keyboard.press('s')
  await erin.locator('.queue-row.held .queue-row-title', { hasText: rowIds[0] }).waitFor()
  await expect.poll(() => backend.store.leaseOf(second!, Date.now())?.holder, LEASE_WAIT).toBe('erin')
  await erin.locator('.case-hold').waitFor({ state: 'detached' })
  expect(await erin.locator('.queue-row.held').count()).toBe(1)
})
