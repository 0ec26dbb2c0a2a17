import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { bundleText, importIntoCache } from '../fixtures/cache-file'
import { replyCase } from '../fixtures/fidelity/corpus'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { LOOK_MS } from './os-keys'
import { openCaseByTitle } from './review-steps'

// The reviewer's edits are their work: typed into a proposal and not yet decided on, they come
// back after a reload of the page and after a restart of the app, and go with the decision.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

const TITLE = 'Reply kept through a reload'
const DRAFT = 'Dear Ms Ito,\r\nthe part ships today.\r\nKind regards'

let driver: Driver
let session: AppSession
let page: Page
let dir: ReturnType<typeof makeTempDir>

beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})
beforeEach(async () => {
  dir = makeTempDir('countersign-e2e-drafts-')
  importIntoCache(dir.path, bundleText({ id: 'drafts', name: 'Drafts' }, [replyCase('kept-draft', TITLE, DRAFT)]))
  await open()
})
afterEach(async () => {
  await session.close()
  dir.remove()
})

async function open(): Promise<void> {
  session = await driver.open(dir.path)
  page = session.page
  await page.waitForSelector('[data-painted-case]')
}

/** The drafts table as stored: case pk → edits. */
function storedDrafts(): Record<number, Record<string, string>> {
  const db = new Database(join(dir.path, DATABASE_FILE), { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare<[], { case_pk: number; edits: string }>('SELECT case_pk, edits FROM drafts').all()
    return Object.fromEntries(rows.map((row) => [row.case_pk, JSON.parse(row.edits) as Record<string, string>]))
  } finally {
    db.close()
  }
}

async function waitForStoredDraft(text: string): Promise<void> {
  for (let tries = 0; tries < 50; tries++) {
    if (Object.values(storedDrafts()).some((edits) => edits['text'] === text)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`No stored draft reads ${JSON.stringify(text)}; stored: ${JSON.stringify(storedDrafts())}`)
}

/** The proposal as the editor shows it, spaces as typed. */
async function shownProposal(): Promise<string> {
  const shown = await page.locator('.diff-slot.front .editor.modified .view-lines').innerText()
  return shown.replace(/\u00a0/g, ' ')
}

/** `e`, to the end of the draft, `text` typed, Esc: as a reviewer adds a line. */
async function typeAtEnd(text: string): Promise<void> {
  await page.keyboard.press('e')
  await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') != null)
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

describe('edits not yet decided on', () => {
  it('come back after a reload and after a restart, and the decision takes them and ends the draft', async () => {
    await openCaseByTitle(page, TITLE)
    await typeAtEnd('\nLotte 🚚')
    const edited = `${DRAFT}\r\nLotte 🚚`
    await waitForStoredDraft(edited)

    await page.reload()
    await page.waitForSelector('[data-painted-case]')
    await openCaseByTitle(page, TITLE)
    await expect(shownProposal()).resolves.toContain('Lotte 🚚')
    await expect(page.locator('.status-message .status-error').count()).resolves.toBe(0)
    // The queue says which cases hold edits.
    await expect(page.locator('.queue-row.selected .queue-row-edited').innerText()).resolves.toBe('edited')
    await page.screenshot({ path: join(screenshots, 'draft-after-reload.png') })

    await session.close()
    await open()
    await openCaseByTitle(page, TITLE)
    await expect(shownProposal()).resolves.toContain('Lotte 🚚')

    // Edited again after the restart: the draft goes on from what came back.
    await typeAtEnd('!')
    await waitForStoredDraft(`${edited}!`)
    await page.keyboard.press('a')
    await page.waitForFunction(() => document.querySelector('.case-title')?.textContent !== 'Reply kept through a reload')
    const [decision] = readDecisionRows(dir.path)
    expect(decision?.record.edits.map((edit) => edit.new)).toEqual([`${edited}!`])
    expect(storedDrafts()).toEqual({})
  })

  it('a rejection undone, even after a reload, gives the edits it took none of back as the draft', async () => {
    await openCaseByTitle(page, TITLE)
    await typeAtEnd(' (checked)')
    await waitForStoredDraft(`${DRAFT} (checked)`)
    await page.keyboard.press('r')
    await page.locator('.picker').waitFor()
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('1')
    await page.waitForFunction(() => document.querySelector('.case-title')?.textContent !== 'Reply kept through a reload')
    expect(readDecisionRows(dir.path).map((row) => row.outcome)).toEqual(['reject'])
    // A reload within the undo window: the edits are the cache's, not the page's memory.
    await page.reload()
    await page.locator('.case-view').waitFor()
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('u')
    await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent === title, TITLE)
    await expect(page.locator('.status-message').innerText()).resolves.toMatch(/It is back in the queue, with your edits\./)
    await expect(shownProposal()).resolves.toContain('regards (checked)')
    await waitForStoredDraft(`${DRAFT} (checked)`)
  })

  it('E drops the edits, in the editor and in the cache, and E again brings them back; after a reload there is nothing to bring back', async () => {
    await openCaseByTitle(page, TITLE)
    await typeAtEnd(' — Lotte')
    await waitForStoredDraft(`${DRAFT} — Lotte`)
    // After a reload the editor has no undo history: E is the way back to the proposal as sent.
    await page.reload()
    await page.waitForSelector('[data-painted-case]')
    await openCaseByTitle(page, TITLE)
    await expect(shownProposal()).resolves.toContain('regards — Lotte')
    await page.waitForSelector('[data-seen-case]')
    // What a decision takes changes on screen: the case counts as seen again only after the reaction time.
    await page.evaluate(() => {
      const marks: string[] = ((window as unknown as { seenMarks: string[] }).seenMarks = [])
      const body = document.querySelector('[data-seen-case]')!
      new MutationObserver(() => marks.push(body.getAttribute('data-seen-case') ?? 'none')).observe(body, { attributeFilter: ['data-seen-case'] })
    })
    await page.keyboard.press('Shift+E')
    await page.waitForFunction(() => !document.querySelector('.diff-titles .edited'))
    await page.waitForFunction(() => (window as unknown as { seenMarks: string[] }).seenMarks.length >= 2)
    expect(await page.evaluate(() => (window as unknown as { seenMarks: string[] }).seenMarks)).toEqual(['none', expect.stringMatching(/^\d+$/)])
    await expect(shownProposal()).resolves.not.toContain('Lotte')
    await expect(page.locator('.queue-row.selected .queue-row-edited').count()).resolves.toBe(0)
    await expect(page.locator('.status-message').innerText()).resolves.toMatch(/Your edits are dropped: the proposal is as sent, and a decision takes it so\. E brings them back, until you edit it again or reload\./)
    for (let tries = 0; tries < 50 && Object.keys(storedDrafts()).length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(storedDrafts()).toEqual({})
    await page.screenshot({ path: join(screenshots, 'draft-dropped.png') })

    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await page.locator('.diff-titles .edited').waitFor()
    await expect(shownProposal()).resolves.toContain('regards — Lotte')
    await waitForStoredDraft(`${DRAFT} — Lotte`)

    // Edited anew, the notice is over: it said the proposal is as sent.
    await page.keyboard.press('Shift+E')
    await page.waitForFunction(() => !document.querySelector('.diff-titles .edited'))
    await typeAtEnd('!')
    await page.locator('.diff-titles .edited').waitFor()
    await expect(page.locator('.status-message').innerText()).resolves.not.toMatch(/dropped/)
    await expect(shownProposal()).resolves.not.toContain('Lotte')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await page.waitForFunction(() => !document.querySelector('.diff-titles .edited'))
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await page.locator('.diff-titles .edited').waitFor()
    await expect(shownProposal()).resolves.toContain('regards!')

    // Dropped again and the page reloaded: the drop was kept, and this window has nothing to bring back.
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await page.waitForFunction(() => !document.querySelector('.diff-titles .edited'))
    for (let tries = 0; tries < 50 && Object.keys(storedDrafts()).length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
    await page.reload()
    await page.waitForSelector('[data-painted-case]')
    await openCaseByTitle(page, TITLE)
    await expect(shownProposal()).resolves.not.toContain('Lotte')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await expect(page.locator('.status-message .status-error').innerText()).resolves.toMatch(/This case holds no edits to drop/)

    // Approved now, the decision takes the proposal as sent.
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Escape')
    await page.keyboard.press('a')
    await page.waitForFunction(() => document.querySelector('.case-title')?.textContent !== 'Reply kept through a reload')
    const [decision] = readDecisionRows(dir.path)
    expect(decision?.outcome).toBe('approve')
    expect(decision?.record.edits).toEqual([])
  })

  it('an edit undone back to the proposal as sent leaves no draft behind', async () => {
    await openCaseByTitle(page, TITLE)
    await typeAtEnd('x')
    await waitForStoredDraft(`${DRAFT}x`)
    await page.keyboard.press('e')
    await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') != null)
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Escape')
    for (let tries = 0; tries < 50 && Object.keys(storedDrafts()).length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(storedDrafts()).toEqual({})
    await page.reload()
    await page.waitForSelector('[data-painted-case]')
    await openCaseByTitle(page, TITLE)
    await expect(shownProposal()).resolves.not.toContain('regardsx')
  })
})

/**
 * Holds the next `decide` call's answer for `window.__failNextDecideAfterMs` ms, then answers it
 * with a failure instead of sending it (the web host's bridge is a WebSocket: this wraps `send`),
 * as a slow keychain or a busy database would.
 */
const FAIL_NEXT_DECIDE = `(() => {
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const hold = window.__failNextDecideAfterMs;
    if (hold !== undefined && typeof data === 'string' && JSON.parse(data).method === 'decide') {
      window.__failNextDecideAfterMs = undefined;
      const { id } = JSON.parse(data);
      setTimeout(() => this.onmessage({ data: JSON.stringify({ id, ok: false, error: { code: 'keychain-unavailable', message: 'The keychain did not answer.' } }) }), hold);
      return;
    }
    return send.call(this, data);
  };
})();`

// A decision that takes long and then fails leaves its case on screen; E pressed meanwhile once
// changed the store's draft but not the editor (which does not follow the store while a decision
// is recorded): the screen showed one text and `a` recorded another (attack on E, helper-90).
describe('E while a decision is being recorded, and the decision fails', () => {
  beforeEach(async () => {
    await page.addInitScript(FAIL_NEXT_DECIDE)
    await page.reload()
    await page.waitForSelector('[data-painted-case]')
    await openCaseByTitle(page, TITLE)
  })

  /** `a`, answered after 700 ms with a failure; E pressed while it waits, and refused; the failure shown. */
  async function approveThatFailsWithEMeanwhile(): Promise<void> {
    await page.waitForTimeout(LOOK_MS)
    await page.evaluate(() => ((window as unknown as Record<string, unknown>)['__failNextDecideAfterMs'] = 700))
    await page.keyboard.press('a')
    await page.waitForTimeout(LOOK_MS + 50)
    await page.keyboard.press('Shift+E')
    await page.locator('.status-message .status-error').filter({ hasText: 'Still saving your decision; your edits are as they were.' }).waitFor()
    await page.locator('.status-message .status-error').filter({ hasText: 'Not recorded' }).waitFor()
    await page.waitForTimeout(LOOK_MS)
  }

  /** What the editor shows and whether the "edited" mark is up; then `a` again, and the edits the stored decision took. */
  async function shownThenRecorded(): Promise<{ editorText: string; editedMark: number; recordedEdits: string[] }> {
    const shown = { editorText: await shownProposal(), editedMark: await page.locator('.diff-titles .edited').count() }
    await page.keyboard.press('a')
    await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent !== title, TITLE)
    const [decision] = readDecisionRows(dir.path)
    return { ...shown, recordedEdits: decision?.record.edits.map((edit) => edit.new) ?? [] }
  }

  it('E to drop the edits is refused: the editor keeps showing them, and the next `a` records them', async () => {
    await typeAtEnd(' — Lotte')
    await page.locator('.diff-titles .edited').waitFor()
    await approveThatFailsWithEMeanwhile()
    const { editorText, editedMark, recordedEdits } = await shownThenRecorded()
    expect({ editorShowsEdit: editorText.includes('Lotte'), editedMark, decisionTookEdit: recordedEdits.some((text) => text.includes('Lotte')) }).toEqual({
      editorShowsEdit: true,
      editedMark: 1,
      decisionTookEdit: true
    })
  })

  it('E to bring dropped edits back is refused: the editor shows the proposal as sent, and the next `a` records no edits', async () => {
    await typeAtEnd(' — Lotte')
    await page.locator('.diff-titles .edited').waitFor()
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('Shift+E')
    await page.waitForFunction(() => !document.querySelector('.diff-titles .edited'))
    await approveThatFailsWithEMeanwhile()
    const { editorText, recordedEdits } = await shownThenRecorded()
    expect(editorText).not.toContain('Lotte')
    expect(recordedEdits).toEqual([])
  })
})
