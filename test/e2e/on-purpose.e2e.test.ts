import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Case } from '../../shared/domain/case'
import { generateBundle, generateCases } from '../fixtures/case-generator'
import { newToken, openWithBackend, REVIEWER, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { fieldTeamWorkspace } from './field-team-workspace'
import { openFirstOfKind, openRow, settledDecisions, SETTLE_MS, useKeyboardSession, waitForDecisions } from './keyboard-session'
import { layoutKey, LOOK_MS, OsKeyboard, qwerty, sleep } from './os-keys'

// A decision is only ever made on purpose (../shared/cases/held-key.md, input-method.md): every
// key here reaches Chromium as the operating system sends it, through the DevTools protocol.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
let cases: Case[]
const app = useKeyboardSession(() => {
  const workspace = fieldTeamWorkspace('countersign-e2e-purpose-')
  cases = workspace.cases
  return workspace.dir
})
let page: Page
let keys: OsKeyboard
beforeEach(() => {
  ;({ page, keys } = app)
})

const openTitle = () => page.locator('.case-title').innerText()
const statusError = () => page.locator('.status-error').innerText()

/** Moves with j/k to the first case of a kind in the queue, and waits until it has been seen. */
async function openFirst(kindLabel: string): Promise<Case> {
  const title = await openFirstOfKind(app, kindLabel)
  return cases.find((c) => c.title === title)!
}

/**
 * Resolves once the next case is painted, in the page, and records when (`__paintedAt`), and when
 * the next keydown after it arrived (`__keyAt`), both on the page's clock.
 */
async function watchNextPaint(): Promise<void> {
  await page.evaluate(() => {
    const body = document.querySelector('[data-testid="case-body"]')!
    const before = body.getAttribute('data-painted-case')
    const w = window as unknown as { __painted: Promise<void>; __paintedAt: number; __keyAt: number }
    w.__keyAt = 0
    w.__painted = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        const now = body.getAttribute('data-painted-case')
        if (now && now !== before) {
          observer.disconnect()
          w.__paintedAt = performance.now()
          window.addEventListener('keydown', (event) => (w.__keyAt = event.timeStamp), { capture: true, once: true })
          resolve()
        }
      })
      observer.observe(body, { attributes: true, attributeFilter: ['data-painted-case'] })
    })
  })
}
const nextPaint = () => page.evaluate(() => (window as unknown as { __painted: Promise<void> }).__painted)
const keyAfterPaintMs = () => page.evaluate(() => (window as unknown as { __keyAt: number; __paintedAt: number }).__keyAt - (window as unknown as { __paintedAt: number }).__paintedAt)

describe('a held key is one press', () => {
  it('holding a on a reversible case records exactly one decision', async () => {
    const held = await openFirst('Classification')
    await keys.hold(qwerty('a'))
    const rows = await settledDecisions(app)
    expect(rows.map((row) => [row.record.caseId, row.record.outcome])).toEqual([[held.id, 'approve']])
    await expect(page.locator('.status-decision').innerText()).resolves.toContain('Approved')
  })

  it('holding a on an irreversible case records none and shows the prompt; a new press confirms once', async () => {
    const held = await openFirst('Text approval')
    await keys.hold(qwerty('a'))
    await page.locator('.confirm-strip').waitFor()
    expect(await settledDecisions(app)).toEqual([])
    await expect(page.locator('.confirm-strip').innerText()).resolves.toContain('again to confirm')
    await page.screenshot({ path: join(screenshots, 'held-key-prompt.png') })

    await keys.press(qwerty('a'))
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => [row.record.caseId, row.record.outcome])).toEqual([[held.id, 'approve']])
    expect(await settledDecisions(app)).toHaveLength(1)
  })

  it('holding r, o, d or i opens its picker once and records nothing; the question stays empty', async () => {
    await openFirst('Classification')
    for (const [key, title] of [
      ['r', 'Reject because…'],
      ['o', 'Send it to…'],
      ['d', 'Defer…'],
      ['i', 'What information is needed?']
    ] as const) {
      await keys.hold(qwerty(key))
      await page.getByRole('dialog').filter({ hasText: title }).waitFor()
      if (key === 'i') await expect(page.locator('.picker textarea').inputValue()).resolves.toBe('')
      expect(await settledDecisions(app), key).toEqual([])
      // Esc cancels the picker, from the question's field too.
      await keys.press(qwerty('Escape'))
      await page.getByRole('dialog').waitFor({ state: 'detached' })
    }
  })

  it('a held digit picks once, and a held u undoes once', async () => {
    const held = await openFirst('Classification')
    await keys.hold(qwerty('2'))
    const rows = await settledDecisions(app)
    expect(rows.map((row) => [row.record.caseId, row.record.outcome, row.record.optionId])).toEqual([[held.id, 'choose-option', held.options[1]!.id]])

    await keys.hold(qwerty('u'))
    await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.startsWith('Undone'))
    const after = await settledDecisions(app)
    expect(after.map((row) => row.record.outcome)).toEqual(['choose-option', 'retract'])
  })
})

describe('the palette decides through the same guards', () => {
  it('a held Enter on “Approve” asks once and records nothing; choosing it again confirms that case once', async () => {
    const held = await openFirst('Text approval')
    await page.keyboard.press('Control+k')
    await page.keyboard.type('Approve')
    await page.locator('[cmdk-item][data-selected="true"]', { hasText: 'Approve' }).waitFor()
    await keys.hold(qwerty('Enter'))
    await page.locator('.confirm-strip').waitFor()
    expect(await settledDecisions(app)).toEqual([])

    await page.keyboard.press('Control+k')
    await page.keyboard.type('Approve')
    await page.locator('[cmdk-item][data-selected="true"]', { hasText: 'Approve' }).waitFor()
    await keys.press(qwerty('Enter'))
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => [row.record.caseId, row.record.outcome])).toEqual([[held.id, 'approve']])
    expect(await settledDecisions(app)).toHaveLength(1)
  })
})

describe('seen before decided', () => {
  it('a sent with j, before the next case is painted, decides nothing, and the status bar says why', async () => {
    const kinds = await page.locator('.queue-row .kind-chip').allInnerTexts()
    await openRow(app, kinds.indexOf('Classification') - 1)
    await keys.press(qwerty('j'))
    await keys.press(qwerty('a'))
    await page.locator('.status-error').waitFor()
    await expect(statusError()).resolves.toMatch(/^Not decided: “a” came (before the case was on screen|\d+ ms after the case appeared \(reaction time 150 ms\))\. Press again\./)
    expect(await settledDecisions(app)).toEqual([])
  })

  it('a sent within a few milliseconds of the new case’s paint decides nothing; after the reaction time it decides', async () => {
    const kinds = await page.locator('.queue-row .kind-chip').allInnerTexts()
    await openRow(app, kinds.indexOf('Classification') - 1)
    await watchNextPaint()
    await keys.press(qwerty('j'))
    await nextPaint()
    await keys.press(qwerty('a'))
    await page.locator('.status-error').waitFor()
    const gap = await keyAfterPaintMs()
    expect(gap).toBeGreaterThanOrEqual(0)
    expect(gap).toBeLessThan(150)
    await expect(statusError()).resolves.toMatch(/^Not decided: “a” came \d+ ms after the case appeared \(reaction time 150 ms\)\. Press again\./)
    expect(await settledDecisions(app)).toEqual([])
    await page.screenshot({ path: join(screenshots, 'typed-ahead-refused.png') })

    await page.waitForSelector('[data-seen-case]')
    const title = await openTitle()
    await keys.press(qwerty('a'))
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => row.record.outcome)).toEqual(['approve'])
    expect(cases.find((c) => c.id === rows[0]!.record.caseId)!.title).toBe(title)
  })

  it('in triage, a key pressed just after a decision does not decide the case that appears', async () => {
    await keys.press(qwerty('t'))
    await page.getByTestId('triage-counter').waitFor()
    for (let step = 0; step < 15 && (await page.locator('.case-header .kind-chip').innerText()) !== 'Classification'; step++) {
      const title = await openTitle()
      await keys.press(qwerty('j'))
      await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent !== before, title)
    }
    await page.waitForSelector('[data-seen-case]')
    await watchNextPaint()
    await keys.press(qwerty('a'))
    await nextPaint()
    await keys.press(qwerty('a'))
    await page.locator('.status-error').waitFor()
    expect(await keyAfterPaintMs()).toBeLessThan(150)
    expect((await settledDecisions(app)).map((row) => row.record.outcome)).toEqual(['approve'])
    await expect(page.locator('.confirm-strip').count()).resolves.toBe(0)
  })

  it('the reaction time is a setting, and the refusal names it', async () => {
    await keys.press(qwerty('g'))
    await keys.press(qwerty('s'))
    const input = page.getByLabel('Reaction time in milliseconds')
    await expect(input.inputValue()).resolves.toBe('150')
    for (let step = 0; step < 6 && !(await input.evaluate((element) => element === document.activeElement)); step++) await keys.press(qwerty('Tab'))
    await page.keyboard.press('Control+a')
    await page.keyboard.type('5')
    await keys.press(qwerty('Enter'))
    await expect(input.getAttribute('aria-invalid')).resolves.toBe('true')
    await page.keyboard.type('00')
    await keys.press(qwerty('Enter'))
    await page.locator('.status-saved', { hasText: 'Reaction time saved: 500 ms.' }).waitFor()
    await page.getByRole('heading', { name: 'Reaction time' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(screenshots, 'settings-reaction-time.png') })

    await keys.press(qwerty('Escape'))
    await keys.press(qwerty('g'))
    await keys.press(qwerty('r'))
    await openFirst('Classification')
    // data-seen-case now waits 500 ms: a press 150 ms after the paint is too soon.
    await watchNextPaint()
    await keys.press(qwerty('j'))
    await nextPaint()
    await sleep(200)
    await keys.press(qwerty('a'))
    await expect(page.locator('.status-error').innerText()).resolves.toMatch(/^Not decided: “a” came \d+ ms after the case appeared \(reaction time 500 ms\)/)
    expect(await settledDecisions(app)).toEqual([])
  })
})

describe('keys match the character the layout types', () => {
  it('AZERTY: the key that types q never approves, the one that types a does; number keys pick by their printed digit', async () => {
    await openFirst('Classification')
    const title = await openTitle()
    await keys.press(layoutKey('q', 'KeyA', 81))
    expect(await settledDecisions(app)).toEqual([])
    await expect(openTitle()).resolves.toBe(title)
    await expect(page.locator('.confirm-strip, .picker').count()).resolves.toBe(0)
    await keys.press(layoutKey('a', 'KeyQ', 65))
    expect((await waitForDecisions(app, 1)).map((row) => row.record.outcome)).toEqual(['approve'])

    const second = await openFirst('Classification')
    await keys.press(layoutKey('é', 'Digit2', 50))
    const rows = await waitForDecisions(app, 2)
    expect(rows[1]!.record).toMatchObject({ caseId: second.id, outcome: 'choose-option', optionId: second.options[1]!.id })
  })

  it('Dvorak: p never rejects and . never edits; the keys that type j and r move and reject', async () => {
    await openFirst('Text approval')
    const title = await openTitle()
    await keys.press(layoutKey('p', 'KeyR', 80))
    await keys.press(layoutKey('.', 'KeyE', 190))
    await sleep(SETTLE_MS)
    await expect(page.locator('.picker').count()).resolves.toBe(0)
    await expect(page.evaluate(() => document.activeElement?.closest('.monaco-editor') === null)).resolves.toBe(true)
    await keys.press(layoutKey('j', 'KeyC', 74))
    await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent !== before, title)
    await page.waitForSelector('[data-seen-case]')
    await keys.press(layoutKey('r', 'KeyO', 82))
    await page.getByRole('dialog').filter({ hasText: 'Reject because…' }).waitFor()
    expect(await settledDecisions(app)).toEqual([])
  })

  it('Russian ЙЦУКЕН: Cyrillic letters go by the key’s place — о moves, к opens the reasons, ф approves', async () => {
    const title = await openTitle()
    await keys.press(layoutKey('о', 'KeyJ', 74))
    await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent !== before, title)
    const held = await openFirst('Classification')
    await keys.press(layoutKey('к', 'KeyR', 82))
    await page.getByRole('dialog').filter({ hasText: 'Reject because…' }).waitFor()
    await keys.press(qwerty('Escape'))
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    // A look at the case again before approving: an a straight after the к is typing.
    await sleep(LOOK_MS)
    await keys.press(layoutKey('ф', 'KeyA', 65))
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => [row.record.caseId, row.record.outcome])).toEqual([[held.id, 'approve']])
  })
})

describe('remapped keys follow the same rule', () => {
  it('“next” on l: the Russian key at l (д) moves; AZERTY’s key at l still types l and moves', async () => {
    await keys.press(qwerty('g'))
    await keys.press(qwerty('s'))
    await keys.press(qwerty('m'))
    // Typed in one go: if Settings (a chunk loaded when idle) is still arriving, m's focus waits for it.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-command-id') === 'queue.next')
    await keys.press(qwerty('Enter'))
    await keys.press(qwerty('l'))
    await page.locator('.status-saved', { hasText: 'Shortcut saved: Next case is now l' }).waitFor()
    await keys.press(qwerty('g'))
    await keys.press(qwerty('r'))
    await page.waitForSelector('[data-seen-case]')
    for (const key of [layoutKey('д', 'KeyL', 76), layoutKey('l', 'KeyL', 76)]) {
      const title = await openTitle()
      await keys.press(key)
      await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent !== before, title)
    }
    // The old key, typed as a Latin j on the Dvorak key at C, no longer moves.
    const title = await openTitle()
    await keys.press(layoutKey('j', 'KeyC', 74))
    await sleep(SETTLE_MS)
    await expect(openTitle()).resolves.toBe(title)
  })
})

describe('a note typed at the choices goes into the note', () => {
  it('“Amount is 1,240 EUR” typed straight after r: its digits pick nothing, nothing reaches the queue, and a number then rejects with the whole note', async () => {
    const rejected = await openFirst('Classification')
    await keys.press(qwerty('r'))
    await page.getByRole('dialog').filter({ hasText: 'Reject because…' }).waitFor()
    for (const char of 'Amount is 1,240 EUR') await keys.press(qwerty(char))
    expect(await settledDecisions(app)).toEqual([])
    await expect(page.locator('.picker textarea').inputValue()).resolves.toBe('Amount is 1,240 EUR')
    await keys.press(qwerty('Enter'))
    await sleep(LOOK_MS)
    await keys.press(qwerty('2'))
    const rows = await waitForDecisions(app, 1)
    expect(rows.map((row) => row.record)).toMatchObject([{ caseId: rejected.id, outcome: 'reject', note: 'Amount is 1,240 EUR' }])
  })

  it('a composition started at the targets is written in the note, and picks nothing', async () => {
    await openFirst('Classification')
    await keys.press(qwerty('o'))
    await page.getByRole('dialog').filter({ hasText: 'Send it to…' }).waitFor()
    await keys.startComposition('KeyT')
    await keys.compose('田中')
    await keys.commitWithEnter('田中さん')
    expect(await settledDecisions(app)).toEqual([])
    await expect(page.locator('.picker textarea').inputValue()).resolves.toBe('田中さん')
  })
})

describe('an input method’s Enter only commits the composition', () => {
  it('the needs-information question: the composing Enter only commits it, Ctrl+Enter then sends the whole question', async () => {
    const asked = await openFirst('Classification')
    await keys.press(qwerty('i'))
    await page.locator('.picker textarea').waitFor()
    await keys.compose('注文番号')
    await keys.commitWithEnter('注文番号を教えてください')
    expect(await settledDecisions(app)).toEqual([])
    await expect(page.locator('.picker textarea').inputValue()).resolves.toBe('注文番号を教えてください')
    await keys.press({ ...qwerty('Enter'), ctrl: true })
    const rows = await waitForDecisions(app, 1)
    expect(rows[0]!.record).toMatchObject({ caseId: asked.id, outcome: 'needs-info', note: '注文番号を教えてください' })
  })

  it('the reroute note: the composing Enter only commits it, the next returns to the targets, a number sends the whole note', async () => {
    const rerouted = await openFirst('Classification')
    await keys.press(qwerty('o'))
    await page.getByRole('dialog').filter({ hasText: 'Send it to…' }).waitFor()
    await keys.press(qwerty('Tab'))
    await keys.compose('田中')
    await keys.commitWithEnter('田中さんへ')
    await expect(page.locator('.picker textarea').inputValue()).resolves.toBe('田中さんへ')
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('TEXTAREA')
    await keys.press(qwerty('Enter'))
    expect(await settledDecisions(app)).toEqual([])
    await sleep(LOOK_MS)
    await keys.press(qwerty('2'))
    const rows = await waitForDecisions(app, 1)
    expect(rows[0]!.record).toMatchObject({ caseId: rerouted.id, outcome: 'reroute', rerouteTo: 'support-tier-2', note: '田中さんへ' })
  })

  it('the queue filter stays open through the composition; the next Enter applies it and returns to the queue', async () => {
    await keys.press(qwerty('/'))
    const filter = page.getByLabel('Filter the queue')
    await filter.waitFor()
    await keys.compose('Categ')
    await keys.commitWithEnter('Categorise')
    await sleep(SETTLE_MS)
    await expect(filter.evaluate((input) => input === document.activeElement)).resolves.toBe(true)
    await keys.press(qwerty('Enter'))
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') !== 'Filter the queue')
    await page.waitForFunction(() => [...document.querySelectorAll('.queue-row-title')].every((row) => row.textContent?.startsWith('Categorise')))
    await expect(page.locator('.queue-row').count()).resolves.toBe(3)
  })

  it('a new sort keeps the open case open; a view without it opens its top, not the old first case', async () => {
    const firstByDue = await page.locator('.case-title').innerText()
    /** The queue's rows top to bottom (rows are placed by their offset, not in DOM order). */
    const rowsInOrder = () =>
      page.locator('.queue-row').evaluateAll((rows) =>
        rows
          .map((row) => ({ title: row.querySelector('.queue-row-title')?.textContent, selected: row.getAttribute('aria-selected') === 'true', top: row.getBoundingClientRect().top }))
          .sort((a, b) => a.top - b.top)
      )
    await keys.press(qwerty('f'))
    await page.getByRole('dialog', { name: 'Sort and narrow the queue' }).waitFor()
    await keys.press(qwerty('2')) // Sort by risk: the open case moves down, and stays open
    await page.waitForFunction((title) => document.querySelector('.queue-row-title')?.textContent !== title, firstByDue)
    await sleep(SETTLE_MS)
    await expect(page.locator('.case-title').innerText()).resolves.toBe(firstByDue)
    const sorted = await rowsInOrder()
    expect(sorted[0]!.title).not.toBe(firstByDue)
    expect(sorted.filter((row) => row.selected).map((row) => row.title)).toEqual([firstByDue])
    await keys.press(qwerty('6')) // Only money: the open case (a ticket's category) is not in it
    await keys.press(qwerty('Escape'))
    await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent !== title, firstByDue)
    await sleep(SETTLE_MS)
    const money = await rowsInOrder()
    expect(money[0]!.selected).toBe(true)
    await expect(page.locator('.case-title').innerText()).resolves.toBe(money[0]!.title)
  })

  it('the command palette runs nothing on the composition’s Enter, and the chosen command on the next', async () => {
    await page.keyboard.press('Control+k')
    const input = page.getByRole('combobox', { name: 'Command' })
    await input.waitFor()
    await keys.compose('shortcut')
    await keys.commitWithEnter('shortcuts')
    await sleep(SETTLE_MS)
    await expect(input.isVisible()).resolves.toBe(true)
    await expect(page.locator('.cheat-sheet').count()).resolves.toBe(0)
    await keys.press(qwerty('Enter'))
    await page.locator('.cheat-sheet').waitFor()
  })

  it('the add-backend form is not submitted by the composition’s Enter; the next Enter saves the whole name', async () => {
    const bundleFile = join(app.dir.path, 'tokyo.bundle.json')
    writeFileSync(bundleFile, JSON.stringify(generateBundle({ count: 2, seed: 7, idPrefix: 't', workspace: { id: 'tokyo', name: 'Tokyo' } })))
    await keys.press(qwerty('g'))
    await keys.press(qwerty('s'))
    await keys.press(qwerty('n'))
    const form = page.getByRole('form', { name: 'Add a backend' })
    await form.waitFor()
    // Kind: down the list to the bundle file.
    await keys.press(qwerty('ArrowDown'))
    await keys.press(qwerty('ArrowDown'))
    await expect(page.locator('.backend-form select').inputValue()).resolves.toBe('bundle')
    await keys.press(qwerty('Tab'))
    await keys.compose('東京')
    await keys.commitWithEnter('東京チーム')
    await sleep(SETTLE_MS)
    await expect(form.isVisible()).resolves.toBe(true)
    await expect(form.locator('.field-error').count()).resolves.toBe(0)
    await keys.press(qwerty('Tab'))
    await page.keyboard.type('tokyo')
    await keys.press(qwerty('Tab'))
    await page.keyboard.type(bundleFile)
    await keys.press(qwerty('Enter'))
    await form.waitFor({ state: 'detached' })
    await page.locator('.screen-list li', { hasText: '東京チーム' }).waitFor()
  })

  it('the keymap editor binds no key the input method processed', async () => {
    await keys.press(qwerty('g'))
    await keys.press(qwerty('s'))
    // As a reviewer does, m is pressed once Settings is on screen (it is a chunk loaded when idle).
    await page.locator('[data-command-id="queue.next"]').waitFor()
    await keys.press(qwerty('m'))
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-command-id'))).resolves.toBe('queue.next')
    await keys.press(qwerty('Enter'))
    await page.locator('.capturing').waitFor()
    await keys.down({ key: 'l', code: 'KeyL', keyCode: 229 })
    await keys.up({ key: 'l', code: 'KeyL', keyCode: 229 })
    await sleep(SETTLE_MS)
    await expect(page.locator('.capturing').count()).resolves.toBe(1)
    await keys.press(qwerty('l'))
    await page.locator('.status-saved', { hasText: 'Shortcut saved: Next case is now l' }).waitFor()
  })
  it('a key for a place on a screen still loading reaches it once the screen arrives: m typed while Settings loads focuses the keymap editor', async () => {
    // A slow machine: the Settings chunk arrives two seconds after it is asked for (routing also
    // turns off the HTTP cache, so the page below asks for it afresh).
    const context = page.context()
    const settingsChunk = /\/SettingsScreen-[\w-]+\.js$/
    let delayed = 0
    await context.route(settingsChunk, async (route) => {
      delayed += 1
      await sleep(2_000)
      await route.continue()
    })
    const slow = await context.newPage()
    try {
      await slow.goto(new URL(page.url()).origin + '/')
      await slow.waitForSelector('[data-painted-case]')
      const slowKeys = await OsKeyboard.attach(slow)
      await slowKeys.press(qwerty('g'))
      await slowKeys.press(qwerty('s'))
      await slowKeys.press(qwerty('m'))
      await expect(slow.locator('[data-command-id="queue.next"]').count()).resolves.toBe(0)
      await slow.locator('[data-command-id="queue.next"]').waitFor()
      await expect.poll(() => slow.evaluate(() => document.activeElement?.getAttribute('data-command-id'))).toBe('queue.next')
      expect(delayed).toBeGreaterThan(0)
      await slowKeys.detach()
    } finally {
      await slow.close()
      await context.unroute(settingsChunk)
    }
  })

  it('a sync that puts hundreds of cases ahead of the one on screen leaves that case on screen, selected once', async () => {
    const token = newToken()
    const backend = await startBackend(app.dir.path, token, { tokens: { [token]: REVIEWER } })
    try {
      backend.store.putCases(generateCases({ count: 40, seed: 21, idPrefix: 'now', baseTime: new Date() }), REVIEWER)
      const dataDir = join(app.dir.path, 'with-backend')
      ;(await openWithBackend(dataDir, backend, token)).close()
      await app.reopen(dataDir)
      ;({ page, keys } = app)
      await openRow(app, 5)
      const onScreen = await page.locator('.case-view').getAttribute('data-case-id')
      const title = await page.locator('.case-title').innerText()
      // Overdue for days: every one of them sorts ahead of the case on screen, which leaves the
      // queue's first page.
      backend.store.putCases(generateCases({ count: 300, seed: 22, idPrefix: 'overdue', baseTime: new Date(Date.now() - 10 * 86_400_000) }), REVIEWER)
      await keys.press(qwerty('s'))
      await page.getByTestId('pending-count').filter({ hasText: /^340 pending$/ }).waitFor()
      await sleep(SETTLE_MS)
      await expect(page.locator('.case-view').getAttribute('data-case-id')).resolves.toBe(onScreen)
      const selected = page.locator('.queue-row[aria-selected="true"]')
      await expect(selected.count()).resolves.toBe(1)
      await expect(selected.locator('.queue-row-title').innerText()).resolves.toBe(title)
    } finally {
      await backend.close()
    }
  })

  it('the take-over id: nothing is taken over until the next Enter, then the whole id', async () => {
    const token = newToken()
    const backend = await startBackend(app.dir.path, token, { tokens: { [token]: REVIEWER } })
    try {
      const [colleagues] = generateCases({ count: 1, seed: 12, idPrefix: 'erin', baseTime: new Date() })
      backend.store.putCases([colleagues!], 'erin')
      const dataDir = join(app.dir.path, 'with-backend')
      ;(await openWithBackend(dataDir, backend, token)).close()
      // Nothing of the reviewer's own is pending; the backend is listed in the status bar.
      await app.reopen(dataDir, '[data-testid="sync-team"]')
      ;({ page, keys } = app)

      await keys.press(qwerty('T'))
      const input = page.getByLabel(/^Case id at Team cases/)
      await input.waitFor()
      await keys.compose('erin-')
      await keys.commitWithEnter(colleagues!.id)
      await sleep(SETTLE_MS)
      expect(backend.store.getCase(colleagues!.id)!.assignee).toBe('erin')
      await expect(input.inputValue()).resolves.toBe(colleagues!.id)
      await keys.press(qwerty('Enter'))
      await page.locator('.status-saved', { hasText: `You took over case ${colleagues!.id}` }).waitFor()
      // The take-over is the last decision, the one u takes back: the status bar names it, not the one before.
      await keys.press(qwerty('Escape'))
      await page.locator('[data-testid="last-decision"]', { hasText: `Taken over “${colleagues!.title}”` }).waitFor()
      await waitFor(() => backend.store.getCase(colleagues!.id)!.assignee, (assignee) => assignee === REVIEWER)
    } finally {
      await backend.close()
    }
  })
})
