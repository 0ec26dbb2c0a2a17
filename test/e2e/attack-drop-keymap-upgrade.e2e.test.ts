import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { readDecisionRows } from '../fixtures/sqlite'
import { fieldTeamWorkspace } from './field-team-workspace'
import { createDriver, type AppSession, type Driver } from './driver'
import { LOOK_MS } from './os-keys'
import { openFirstOfKind } from './review-steps'

// Attack on `E` (drop edits), from a keymap kept by the version before it. Until 7f301fa, `E` was
// free: the keymap editor let a reviewer bind it, say to "Reroute or escalate" (E for escalate).
// That binding is still in their preferences after the upgrade. Had the new default won, their `E`
// would no longer open the escalation picker, and the digit they press next, meant for its first
// target, would land on the case and record a decision they never chose. Their keys win
// (`boundCommands`); drop edits goes without keys until they give it some.

let driver: Driver
let session: AppSession
let page: Page
let dir: ReturnType<typeof makeDir>
const makeDir = () => fieldTeamWorkspace('countersign-e2e-drop-keymap-')

beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})
beforeEach(async () => {
  dir = makeDir()
  // The keymap as the previous version saved it (KeymapService.bind accepted `E` then).
  const db = new Database(join(dir.dir.path, DATABASE_FILE))
  db.prepare("INSERT INTO preferences (key, value) VALUES ('keymap', ?)").run(JSON.stringify({ 'decision.reroute': 'E' }))
  db.close()
  session = await driver.open(dir.dir.path)
  page = session.page
  await page.waitForSelector('[data-seen-case]')
})
afterEach(async () => {
  await session.close()
  dir.dir.remove()
})

describe('a keymap from before E dropped edits', () => {
  it("the reviewer's own E still escalates, and the digit after it picks a target, not the case's option", async () => {
    await openFirstOfKind(page, 'Classification')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await page.waitForTimeout(LOOK_MS)
    const pickerShown = await page.locator('.picker').count()
    const status = await page.locator('.status-message').innerText()
    // The reviewer reads "Team lead (escalate)" as the first target and presses 1.
    await page.keyboard.press('1')
    await page.waitForTimeout(1_000)
    const outcomes = readDecisionRows(dir.dir.path).map((row) => row.outcome)
    expect({ pickerShown, status, outcomes }).toMatchObject({ pickerShown: 1, outcomes: expect.not.arrayContaining(['choose-option']) })
  })
})
