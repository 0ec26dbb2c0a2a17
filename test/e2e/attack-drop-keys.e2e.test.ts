import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bundleText, importIntoCache } from '../fixtures/cache-file'
import { replyCase } from '../fixtures/fidelity/corpus'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { layoutKey, LOOK_MS, OsKeyboard, qwerty, sleep } from './os-keys'
import { openCaseByTitle } from './review-steps'

// `E` pressed as operating systems send it: held, followed at once by `a`, on other layouts, with
// Caps Lock, and with hostile text in the proposal and the edits.

const TITLE = 'Reply for E keys'
// A byte-order mark first, CRLF and LF mixed, a bidi override, a zero-width joiner, an emoji.
const PROPOSAL = '\uFEFFDear Ms Ito,\r\nthe part \u202Eships\u202C today.\nKind\u200D regards 🚚\r\n'
const EDIT = ' — Lotte \u2066x\u2069'

let driver: Driver
let session: AppSession
let page: Page
let keys: OsKeyboard
let dir: ReturnType<typeof makeTempDir>

beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})
beforeEach(async () => {
  dir = makeTempDir('countersign-e2e-drop-keys-')
  importIntoCache(dir.path, bundleText({ id: 'drafts', name: 'Drafts' }, [replyCase('drop-keys', TITLE, PROPOSAL)]))
  session = await driver.open(dir.path)
  page = session.page
  keys = await OsKeyboard.attach(page)
  await page.waitForSelector('[data-painted-case]')
  await openCaseByTitle(page, TITLE)
  await page.keyboard.press('e')
  await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') != null)
  await page.keyboard.press('Control+End')
  await page.keyboard.insertText(EDIT)
  await page.keyboard.press('Escape')
  await page.locator('.diff-titles .edited').waitFor()
  await page.waitForTimeout(LOOK_MS)
})
afterEach(async () => {
  await keys.detach()
  await session.close()
  dir.remove()
})

const dropped = () => page.evaluate(() => document.querySelector('.diff-titles .edited') === null)
/** The status bar's message. */
const status = () => page.locator('.status-message').innerText()

describe('E as an OS sends it', () => {
  it('with Caps Lock on, the `e` key (it types “E”, Shift not held) does not drop the edits', async () => {
    // Caps Lock on: the OS sends key "E" with shiftKey false for the e key. The reviewer meant `e` (edit).
    await keys.press({ key: 'E', code: 'KeyE', keyCode: 69, text: 'E' })
    await page.waitForTimeout(LOOK_MS)
    expect({ dropped: await dropped(), status: await status() }).toMatchObject({ dropped: false })
  })

  it('held down, drops once: its auto-repeat neither brings the edits back nor drops them again', async () => {
    await keys.hold(qwerty('E'), 1_200)
    await page.waitForTimeout(LOOK_MS)
    expect(await dropped()).toBe(true)
    await expect(status()).resolves.toMatch(/Your edits are dropped/)
  })

  it('then `a` 5 ms later on the keyboard’s clock: nothing is decided', async () => {
    await keys.pressOnClock([qwerty('E'), qwerty('a')], 5)
    await sleep(800)
    expect(readDecisionRows(dir.path)).toEqual([])
  })

  it('on a Russian layout (Shift + the E key types “У”) drops, and brings back the exact text', async () => {
    const before = await page.evaluate(() => document.querySelector('.diff-slot.front .editor.modified .view-lines')?.textContent)
    await keys.press({ ...layoutKey('У', 'KeyE', 69), shift: true })
    await page.waitForTimeout(LOOK_MS)
    expect(await dropped()).toBe(true)
    await keys.press({ ...layoutKey('У', 'KeyE', 69), shift: true })
    await page.locator('.diff-titles .edited').waitFor()
    await expect(page.evaluate(() => document.querySelector('.diff-slot.front .editor.modified .view-lines')?.textContent)).resolves.toBe(before)
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('a')
    await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent !== title, TITLE)
    const [decision] = readDecisionRows(dir.path)
    // Exactly the proposal with the edit at its end: the BOM, the mixed endings and the controls kept.
    expect(decision?.record.edits.map((edit) => edit.new)).toEqual([PROPOSAL + EDIT])
  })

  it('dropped, then approved: the decision takes the proposal as sent, byte for byte (no edit from the editor’s rewriting)', async () => {
    await keys.press(qwerty('E'))
    await page.waitForTimeout(LOOK_MS)
    expect(await dropped()).toBe(true)
    await page.keyboard.press('a')
    await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent !== title, TITLE)
    const [decision] = readDecisionRows(dir.path)
    expect(decision?.record.edits).toEqual([])
  })

  it('typed in the editor, E is a capital E in the text', async () => {
    await page.keyboard.press('e')
    await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') != null)
    await page.keyboard.press('Control+End')
    await keys.press(qwerty('E'))
    await page.keyboard.press('Escape')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('a')
    await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent !== title, TITLE)
    const [decision] = readDecisionRows(dir.path)
    expect(decision?.record.edits.map((edit) => edit.new)).toEqual([PROPOSAL + EDIT + 'E'])
  })
})
