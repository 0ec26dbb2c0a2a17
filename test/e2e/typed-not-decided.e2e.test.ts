import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { makeTempDir } from '../fixtures/temp-dir'
import { settledDecisions, typeFast, useKeyboardSession, waitForDecisions } from './keyboard-session'
import { LOOK_MS, OsKeyboard, qwerty, sleep } from './os-keys'

// Text typed for somewhere else never becomes a decision (README, "A decision is only made on
// purpose"). A newcomer, in a fresh clone's demo workspace, typed what was meant for the add-backend
// form (not open): `a a` approved one case and asked to confirm the next, `g` cancelled the prompt,
// `s` synced, `i` opened the question, the rest of the typing — a URL with a password, a token —
// filled it, and Enter sent it. Keys reach Chromium as the OS sends them (CDP Input.dispatchKeyEvent),
// typed 30–80 ms apart as fast typing is; what is checked is the SQLite file: decisions and outbox.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
/** What the newcomer typed for the form: a backend URL with its credentials, then the token. */
const MEANT_FOR_THE_FORM = 'http://admin:s3cr3t@127.0.0.1:8787 dev-token'

// No backend configured: the app opens the demo workspace, as in a fresh clone.
const app = useKeyboardSession(() => makeTempDir('countersign-e2e-typed-'))
let page: Page
let keys: OsKeyboard
beforeEach(() => {
  ;({ page, keys } = app)
})

const openCaseId = () => page.locator('.case-view').getAttribute('data-case-id')
const statusError = () => page.locator('.status-bar .status-error:not(.status-decision)').innerText()

/** The decision outbox, as stored: one row per decision waiting to be delivered. */
function outboxCount(): number {
  const db = new Database(join(app.session.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true })
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()!.n
  } finally {
    db.close()
  }
}

const ctrlEnter = { ...qwerty('Enter'), ctrl: true }

/**
 * Opens, with j, a case that `a` approves at once (reversible, internal) followed in the queue by an
 * irreversible one, as the demo's cases were for the newcomer. Returns the open case's id.
 */
async function openBeforeAnIrreversibleCase(): Promise<string> {
  const irreversible = await page.locator('.queue-row').evaluateAll((rows) => rows.map((row) => row.querySelector('.badge-irreversible') !== null))
  for (let index = 0; index + 1 < irreversible.length; index++) {
    if (irreversible[index] || !irreversible[index + 1]) continue
    while ((await selectedIndex()) < index) {
      await keys.press(qwerty('j'))
      await sleep(20)
    }
    await page.waitForSelector('[data-seen-case]')
    if ((await page.locator('.case-view .case-facts .risk-badges').innerText()) === 'Reversible, internal only') return (await openCaseId())!
  }
  throw new Error('The demo queue has no reversible, internal case followed by an irreversible one.')
}
const selectedIndex = () => page.locator('.queue-row').evaluateAll((rows) => rows.findIndex((row) => row.classList.contains('selected')))
const statusNotice = () => page.locator('.status-bar .status-saved:not(.status-decision)').innerText()

describe('the newcomer’s keys, replayed', () => {
  it('a a, g (cancels the prompt), s, then i and the text meant for the form, and Enter: no question is stored or queued to send', async () => {
    const approved = await openBeforeAnIrreversibleCase()
    await keys.press(qwerty('a'))
    // The first a approves its case at once (a single key alone is a reviewer's key: `u` undoes it).
    expect((await waitForDecisions(app, 1)).map((row) => [row.record.caseId, row.record.outcome])).toEqual([[approved, 'approve']])
    await page.waitForFunction((before) => document.querySelector('.case-view')?.getAttribute('data-case-id') !== before, approved)
    await page.waitForSelector('[data-seen-case]')
    const irreversible = await openCaseId()
    await expect(page.locator('.case-view .case-facts .badge-irreversible').count()).resolves.toBe(1)
    await keys.press(qwerty('a'))
    await page.locator('.confirm-strip').waitFor()

    // From here on, all of it typed at typing speed.
    await typeFast(keys, 'g')
    await page.locator('.confirm-strip').waitFor({ state: 'detached' })
    await expect(statusNotice()).resolves.toBe('Cancelled, nothing decided: “g” only closed the prompt.')
    await typeFast(keys, `si${MEANT_FOR_THE_FORM}`)
    await keys.press(qwerty('Enter'))

    const rows = await settledDecisions(app)
    expect(rows.map((row) => [row.record.caseId, row.record.outcome])).toEqual([[approved, 'approve']])
    expect(rows.some((row) => row.record.caseId === irreversible)).toBe(false)
    expect(JSON.stringify(rows)).not.toContain('s3cr3t')
    expect(outboxCount()).toBe(1)
    await page.screenshot({ path: join(screenshots, 'typed-newcomer-sequence.png') })
  })

  it('an i typed 60 ms after another letter opens nothing, and the status bar says why', async () => {
    await keys.pressOnClock([qwerty('w'), qwerty('i')], 60)
    await expect(statusError()).resolves.toMatch(/^Nothing done: “i” came \d+ ms after the key typed before it, as in typing \(reaction time 150 ms\)\. Press it on its own\./)
    await expect(page.locator('.picker').count()).resolves.toBe(0)
  })

  it('had i opened the question, the typing and its Enter stay in it unsent, with a warning about the password; Esc drops it', async () => {
    await sleep(LOOK_MS)
    await keys.press(qwerty('i'))
    const question = page.locator('.picker textarea')
    await question.waitFor()
    await typeFast(keys, MEANT_FOR_THE_FORM)
    await keys.press(qwerty('Enter'))
    expect(await settledDecisions(app)).toEqual([])
    await expect(question.inputValue()).resolves.toBe(`${MEANT_FOR_THE_FORM}\n`)
    await expect(page.locator('.picker-warning').innerText()).resolves.toMatch(/^This looks like a web address with a password in it\. The question goes to the case’s author, signed, and stays in the audit trail\./)
    await expect(page.locator('.picker .muted').last().innerText()).resolves.toBe('Ctrl+Enter send · Enter new line · Esc cancel, nothing is recorded')
    await page.screenshot({ path: join(screenshots, 'typed-question-secret-warning.png') })
    await keys.press(qwerty('Escape'))
    await page.locator('.picker').waitFor({ state: 'detached' })
    expect(await settledDecisions(app)).toEqual([])
    expect(outboxCount()).toBe(0)
  })
})

describe('a reviewer on purpose keeps full speed', () => {
  it('a question typed fast, over two lines, goes with Ctrl+Enter, whole', async () => {
    const asked = await openCaseId()
    await keys.press(qwerty('i'))
    await page.locator('.picker textarea').waitFor()
    await typeFast(keys, 'Which order number?')
    await keys.press(qwerty('Enter'))
    await typeFast(keys, 'And the date?')
    await keys.press(ctrlEnter)
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => row.record)).toMatchObject([{ caseId: asked, outcome: 'needs-info', note: 'Which order number?\nAnd the date?' }])
    expect(outboxCount()).toBe(1)
  })

  it('a question holding a token goes only on a second Ctrl+Enter, after the warning was seen', async () => {
    const asked = await openCaseId()
    await keys.press(qwerty('i'))
    await page.locator('.picker textarea').waitFor()
    await typeFast(keys, 'Try it with token: ghp-4Fq9ZkT2mW8xL1rB7nC3')
    await keys.press(ctrlEnter)
    await expect(page.locator('.picker-warning').innerText()).resolves.toBe(
      'This looks like a password or token. The question goes to the case’s author, signed, and stays in the audit trail. Press Ctrl+Enter again to send it as it is.'
    )
    expect(await settledDecisions(app)).toEqual([])
    await sleep(LOOK_MS)
    await keys.press(ctrlEnter)
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => row.record)).toMatchObject([{ caseId: asked, outcome: 'needs-info', note: 'Try it with token: ghp-4Fq9ZkT2mW8xL1rB7nC3' }])
  })

  /** r, then 1 thirty ms later: the 1 is the note's, and only a later 1, after a look, rejects with it. */
  async function rThenOne() {
    const rejected = await openCaseId()
    // The fast end of typing, on the keyboard's clock: the 1 comes 30 ms after the r however long
    // the page takes over the r (awaiting each key would stretch the gap past the reaction time).
    await keys.pressOnClock([qwerty('r'), qwerty('1')], 30)
    expect(await settledDecisions(app)).toEqual([])
    await expect(page.locator('.picker textarea').inputValue()).resolves.toBe('1')
    await keys.press(qwerty('Enter'))
    await sleep(LOOK_MS)
    await keys.press(qwerty('1'))
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => row.record)).toMatchObject([{ caseId: rejected, outcome: 'reject', note: '1' }])
  }

  it('r then 1 typed 30 ms apart writes 1 in the note and decides nothing; Enter, a look, and 1 rejects with it', rThenOne)

  it('the same on a machine six times slower: the picker renders after the 1 has come in, and the 1 is still the note’s', async () => {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 })
    try {
      await rThenOne()
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
      await cdp.detach()
    }
  })

  it('a decision key 50 ms after another key decides nothing and says why; pressed again on its own, it decides', async () => {
    const approved = await openCaseId()
    await keys.pressOnClock([qwerty('w'), qwerty('a')], 50)
    await expect(statusError()).resolves.toMatch(/^Nothing done: “a” came \d+ ms after the key typed before it, as in typing/)
    expect(await settledDecisions(app)).toEqual([])
    await keys.press(qwerty('a'))
    await page.locator('.confirm-strip[data-seen]').or(page.locator('.status-decision')).first().waitFor()
    if ((await page.locator('.confirm-strip').count()) > 0) await keys.press(qwerty('a'))
    expect((await waitForDecisions(app, 1)).map((row) => [row.record.caseId, row.record.outcome])).toEqual([[approved, 'approve']])
  })

  it('six cases decided back to back, each a once it has been seen (confirmed where asked), are all stored', async () => {
    for (let decided = 0; decided < 6; decided++) {
      const open = await openCaseId()
      await page.waitForSelector('[data-seen-case]')
      await keys.press(qwerty('a'))
      const asked = await Promise.race([
        page.locator('.confirm-strip[data-seen]').waitFor().then(() => true),
        page.waitForFunction((before) => document.querySelector('.case-view')?.getAttribute('data-case-id') !== before, open).then(() => false)
      ])
      if (asked) await keys.press(qwerty('a'))
      expect((await waitForDecisions(app, decided + 1)).at(-1)!.record.caseId).toBe(open)
      await page.waitForFunction((before) => document.querySelector('.case-view')?.getAttribute('data-case-id') !== before, open)
    }
    expect((await settledDecisions(app)).length).toBe(6)
  })
})
