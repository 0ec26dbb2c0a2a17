import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { readDecisionRows } from '../fixtures/sqlite'
import { fieldTeamWorkspace } from './field-team-workspace'
import { createDriver, type AppSession, type Driver } from './driver'
import { LOOK_MS } from './os-keys'
import { confirmOnceSeen, openFirstOfKind } from './review-steps'

// E on the kinds with views of their own (field verification) and on an exception's rule: after a
// drop and after a bring-back, what the view shows is what the decision records.

let driver: Driver
let session: AppSession
let page: Page
let dir: ReturnType<typeof fieldTeamWorkspace>['dir']

beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})
beforeEach(async () => {
  dir = fieldTeamWorkspace('countersign-e2e-drop-kinds-').dir
  session = await driver.open(dir.path)
  page = session.page
  await page.waitForSelector('[data-seen-case]')
})
afterEach(async () => {
  await session.close()
  dir.remove()
})

async function decided(): Promise<ReturnType<typeof readDecisionRows>> {
  for (let tries = 0; tries < 100; tries++) {
    const rows = readDecisionRows(dir.path)
    if (rows.length > 0) return rows
    await page.waitForTimeout(50)
  }
  return []
}

describe('E on other kinds', () => {
  it('field verification: the field and its “corrected” mark follow E both ways, and the decision takes what is shown', async () => {
    await openFirstOfKind(page, 'Field verification')
    const first = page.locator('.field-list input, .field-list textarea').first()
    const original = await first.inputValue()
    await page.keyboard.press('e')
    await page.keyboard.type('9')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await expect(first.inputValue()).resolves.toBe(original)
    await expect(page.locator('.field-row.changed').count()).resolves.toBe(0)
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await expect(first.inputValue()).resolves.toBe(`${original}9`)
    await expect(page.locator('.field-row.changed').count()).resolves.toBe(1)
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('a')
    await page.waitForSelector('.confirm-strip, .status-saved')
    if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
    const [row] = await decided()
    expect(row?.record.edits.map((edit) => edit.new)).toEqual([`${original}9`])
  })

  it('exception: the rule dropped and back in the editor, and the prompt and the decision quote what is shown', async () => {
    await openFirstOfKind(page, 'Exception')
    await page.keyboard.press('e')
    await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') != null)
    await page.keyboard.press('Control+End')
    await page.keyboard.type(' Not for gift cards.')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(LOOK_MS)
    const rule = async () => (await page.locator('.diff-slot.front .editor.modified .view-lines').innerText()).replace(/\s+/g, ' ')
    await page.keyboard.press('Shift+E')
    await expect(rule()).resolves.not.toContain('gift cards')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await expect(rule()).resolves.toContain('gift cards')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('2')
    await page.waitForSelector('.confirm-strip, .status-saved')
    if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, '2')
    const [row] = await decided()
    expect(row?.record.edits.map((edit) => edit.new.endsWith(' Not for gift cards.'))).toEqual([true])
  })
})
