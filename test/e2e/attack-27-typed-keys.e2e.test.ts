import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'
import { openFirstOfKind, openTeamQueue, settledDecisions, typeFast, useKeyboardSession } from './keyboard-session'
import { LOOK_MS, qwerty, sleep } from './os-keys'

// Attack 27 on "a decision is only made on purpose": keys typed as text that reached commands.
// Keys that type a character run commands in the read-only source beside the proposal (Tab round
// the page lands there). Applied to every read-only text area, that let a reviewer's
// typing decide: a new revision that made the reply being edited read-only turned "within 2 days"
// into triage, history and "Hold for the team lead" (its 2); in Settings, "proxy" typed into the
// read-only Id of the edit form removed the backend (its x, then y). And Tab round the page landed
// in the proposal, where the next shortcut, a 2, was typed into the customer's reply.

const app = useKeyboardSession(() => makeTempDir('countersign-e2e-a27-typed-keys-'))

/** Where focus is: which side of the diff, or which field, and whether it is read-only. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null
    const side = element?.closest('.original-in-monaco-diff-editor') ? 'source' : element?.closest('.modified-in-monaco-diff-editor') ? 'proposal' : null
    return { side, field: element?.closest('.field-list') ? element.name : null, readOnly: element?.readOnly === true }
  })

/**
 * Types `text` as a slow typist does: a pause after each word longer than the reaction time, and
 * `gapMs` between the letters (a hunt-and-peck typist's may be as long).
 */
async function typeSlowly(text: string, gapMs = 90): Promise<void> {
  for (const char of text) {
    await app.keys.press(qwerty(char))
    await sleep(char === ' ' ? LOOK_MS * 2 : gapMs)
  }
}

it('a new revision makes the reply being edited read-only: what the reviewer types on decides nothing and runs nothing', async () => {
  const { backend } = await openTeamQueue(app, { count: 10, seed: 5, syncIntervalSeconds: 5 })
  const { page, keys } = app
  await openFirstOfKind(app, 'Text approval')
  const caseId = (await page.locator('.case-view').getAttribute('data-case-id'))!
  await keys.press(qwerty('e'))
  await page.locator('.diff-titles .editing').waitFor()
  backend.store.revise(caseId, (reviewCase) => ({ ...reviewCase, proposal: { ...(reviewCase.proposal as object), editable: false } }) as typeof reviewCase)
  await page.locator('.case-notice', { hasText: 'updated this case' }).waitFor({ timeout: 20_000 })
  await expect(focused(page)).resolves.toEqual({ side: 'proposal', field: null, readOnly: true })
  // The hints say keys no longer type there, and how to leave (they said "keys type into the proposal").
  await expect.poll(() => page.locator('.status-bar .key-hints').innerText()).toBe('the proposal can no longer be edited · Esc leaves it')
  await expect(page.locator('.diff-keys').innerText()).resolves.toBe('the draft can no longer be edited, and keys do nothing in it · Esc leaves it')
  await page.screenshot({ path: 'test-results/attack27-read-only-proposal.png' })
  await typeSlowly('within 2 days')
  expect(await settledDecisions(app)).toEqual([])
  await expect(page.locator('.picker, .history-panel, .confirm-strip').count()).resolves.toBe(0)
  await expect(page.locator('.workbench.triage').count()).resolves.toBe(0)
})

it('in Settings, letters typed into the read-only Id of the edit form neither remove the backend nor open another form', async () => {
  await openTeamQueue(app, { count: 3, seed: 3 })
  const { page, keys } = app
  await keys.press(qwerty('g'))
  await keys.press(qwerty('s'))
  await page.getByRole('heading', { name: 'Backends' }).waitFor()
  // The list arrives after the heading: Enter before it has a backend to edit did nothing (once, in CI).
  await page.locator('.settings-screen .screen-list li[aria-current="true"]', { hasText: 'Team cases' }).waitFor()
  await keys.press(qwerty('Enter'))
  const form = page.getByRole('form', { name: 'Edit Team cases' })
  await form.waitFor()
  await page.locator('input[name=name]').focus()
  await keys.press(qwerty('Tab'))
  await expect(page.evaluate(() => (document.activeElement as HTMLInputElement).name)).resolves.toBe('id')
  await sleep(LOOK_MS)
  await typeSlowly('proxy ny', LOOK_MS * 2)
  await expect(page.locator('[role=alertdialog]').count()).resolves.toBe(0)
  await expect(page.getByRole('form').evaluateAll((forms) => forms.map((element) => element.getAttribute('aria-label')))).resolves.toEqual(['Edit Team cases'])
  await expect(page.locator('[data-testid="sync-team"]').count()).resolves.toBe(1)
})

it('Settings’ question before removing a backend shows the hidden characters in its name: a right-to-left override reorders nothing', async () => {
  await openTeamQueue(app, { count: 3, seed: 3, name: 'Team \u202Esesac' })
  const { page, keys } = app
  await keys.press(qwerty('g'))
  await keys.press(qwerty('s'))
  await page.getByRole('heading', { name: 'Backends' }).waitFor()
  await page.locator('.settings-screen .screen-list li[aria-current="true"]', { hasText: 'Team' }).waitFor()
  await sleep(LOOK_MS)
  await keys.press(qwerty('x'))
  const question = page.locator('[role=alertdialog] .confirm-message')
  await question.waitFor()
  await expect(page.locator('.status-bar .key-hints').innerText()).resolves.toBe('y remove · n or Esc cancel')
  await expect(question.locator('.hidden-char').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-label')))).resolves.toEqual(['RLO'])
  await keys.press(qwerty('n'))
  await expect(page.locator('[data-testid="sync-team"]').count()).resolves.toBe(1)
})

it('Tab and Shift+Tab round the page never land in the proposal or a field: only e starts editing', async () => {
  await openTeamQueue(app, { count: 10, seed: 5 })
  const { page, keys } = app
  for (const kind of ['Text approval', 'Field verification']) {
    await openFirstOfKind(app, kind)
    for (const key of ['Tab', 'Shift+Tab']) {
      const seen = []
      for (let press = 0; press < 40; press++) {
        await page.keyboard.press(key)
        seen.push(await focused(page))
      }
      expect(seen.filter((where) => where.side === 'proposal' || where.field !== null), `${kind}, ${key}`).toEqual([])
    }
    // `e` still edits, and Tab then moves between the fields being checked.
    await keys.press(qwerty('Escape'))
    await keys.press(qwerty('e'))
    if (kind === 'Field verification') {
      await expect.poll(async () => (await focused(page)).field).not.toBeNull()
      const first = (await focused(page)).field
      await page.keyboard.press('Tab')
      await expect.poll(async () => (await focused(page)).field).not.toBe(first)
    } else {
      await expect.poll(async () => (await focused(page)).side).toBe('proposal')
      // The status bar offers no key that now types: it says so.
      await expect(page.locator('.status-bar .key-hints').innerText()).resolves.toBe('keys type into the proposal · Esc done')
      await expect(page.locator('.status-bar .key-hint-all').count()).resolves.toBe(0)
    }
    await keys.press(qwerty('Escape'))
  }
  expect(await settledDecisions(app)).toEqual([])
})

it('Tab and Shift+Tab in the draft being edited indent and outdent it: focus stays, and the words typed next go into the draft', async () => {
  await openTeamQueue(app, { count: 10, seed: 5 })
  const { page, keys } = app
  await openFirstOfKind(app, 'Text approval')
  await keys.press(qwerty('e'))
  await expect.poll(async () => (await focused(page)).side).toBe('proposal')
  await keys.press(qwerty('Tab'))
  await keys.press(qwerty('Tab'))
  await keys.press({ ...qwerty('Tab'), shift: true })
  await expect(focused(page)).resolves.toMatchObject({ side: 'proposal' })
  // Focus had moved to the queue: t turned triage on and h opened the history.
  await typeSlowly('thanks again')
  await expect(page.locator('.picker, .history-panel, .confirm-strip').count()).resolves.toBe(0)
  await expect(page.locator('.workbench.triage').count()).resolves.toBe(0)
  await expect(focused(page)).resolves.toMatchObject({ side: 'proposal' })
  const draft = await page.locator('.diff-slot.front .modified-in-monaco-diff-editor .view-lines').innerText()
  // Monaco draws spaces as no-break spaces: \s matches both.
  expect(draft).toMatch(/^\s+thanks\sagain/m)
  await keys.press(qwerty('Escape'))
  // Approving the edited reply waits for a second a; the status bar says so (it offered j next).
  await sleep(LOOK_MS)
  await keys.press(qwerty('a'))
  await page.locator('.confirm-strip').waitFor()
  await expect(page.locator('.status-bar .key-hints').innerText()).resolves.toBe('a again confirms · any other key cancels')
  await keys.press(qwerty('Escape'))
  await page.locator('.confirm-strip').waitFor({ state: 'detached' })
  expect(await settledDecisions(app)).toEqual([])
})

it('Tab from the last field being checked goes round to the first, Shift+Tab back: the next value typed goes into a field, not to the keys', async () => {
  await openTeamQueue(app, { count: 10, seed: 5 })
  const { page, keys } = app
  await openFirstOfKind(app, 'Field verification')
  const names = await page.locator('.field-list :is(input, textarea)').evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).name))
  expect(names.length).toBeGreaterThan(1)
  await keys.press(qwerty('e'))
  await expect.poll(async () => (await focused(page)).field).toBe(names[0])
  // The status bar offered `j next` here, while j typed into the field.
  await expect.poll(() => page.locator('.status-bar .key-hints').innerText()).toBe('keys type into the field · Esc leaves it')
  // Each way into a field leaves the caret after the value, nothing selected (Tab selected it all,
  // e did not): a stray key never wipes a value.
  const caretAtEnd = () =>
    page.evaluate(() => {
      const field = document.activeElement as HTMLInputElement
      return field.selectionStart === field.value.length && field.selectionEnd === field.value.length && field.value.length > 0
    })
  await expect(caretAtEnd()).resolves.toBe(true)
  for (const name of [...names.slice(1), names[0]]) {
    await keys.press(qwerty('Tab'))
    await expect.poll(async () => (await focused(page)).field).toBe(name)
    await expect(caretAtEnd(), name).resolves.toBe(true)
  }
  await keys.press({ ...qwerty('Tab'), shift: true })
  await expect.poll(async () => (await focused(page)).field).toBe(names.at(-1))
  await expect(caretAtEnd()).resolves.toBe(true)
  // A pause, as before a value typed with care, then the value: it goes into the field.
  await sleep(LOOK_MS * 2)
  for (const char of '25') {
    await keys.press(qwerty(char))
    await sleep(LOOK_MS * 2)
  }
  await expect(page.locator(`[name="${names.at(-1)}"]`).inputValue()).resolves.toContain('25')
  await expect(page.locator('.picker, .confirm-strip').count()).resolves.toBe(0)
  expect(await settledDecisions(app)).toEqual([])
})

type ExtractedField = { name: string; value: string }
for (const [what, change] of [
  ['gains a line break (its input becomes a textarea)', (field: ExtractedField) => ({ ...field, value: `${field.value}\nline two` })],
  ['is renamed', (field: ExtractedField) => ({ ...field, name: `${field.name}_v2` })]
] as const) {
  it(`the field being typed in ${what} in a new revision: focus stays in the fields, and what is typed next runs nothing`, async () => {
    const { backend } = await openTeamQueue(app, { count: 10, seed: 5, syncIntervalSeconds: 5 })
    const { page, keys } = app
    await openFirstOfKind(app, 'Field verification')
    const caseId = (await page.locator('.case-view').getAttribute('data-case-id'))!
    await keys.press(qwerty('e'))
    const first = await page.locator('.field-list :is(input, textarea)').first().getAttribute('name')
    await expect.poll(async () => (await focused(page)).field).toBe(first)
    backend.store.revise(caseId, (reviewCase) => {
      const proposal = reviewCase.proposal as unknown as { fields: ExtractedField[] }
      return { ...reviewCase, proposal: { ...proposal, fields: proposal.fields.map((field, index) => (index === 0 ? change(field) : field)) } } as typeof reviewCase
    })
    await page.locator('.case-notice', { hasText: 'updated this case' }).waitFor({ timeout: 20_000 })
    // Focus was on the page here: the `h` of what follows opened the history.
    await expect.poll(async () => (await focused(page)).field).not.toBeNull()
    await typeSlowly('25.00 h', LOOK_MS * 2)
    await expect(page.locator('.picker, .history-panel, .confirm-strip, .cheat-sheet').count()).resolves.toBe(0)
    await expect(page.locator('.field-list :is(input, textarea)').evaluateAll((fields) => fields.some((field) => (field as HTMLInputElement).value.includes('25.00 h')))).resolves.toBe(true)
    expect(await settledDecisions(app)).toEqual([])
  })
}

it('the status bar’s key line says what the next key does under the history, the shortcuts, a picker, the queue view and a key being bound: never j next', async () => {
  await openTeamQueue(app, { count: 10, seed: 5 })
  const { page, keys } = app
  await openFirstOfKind(app, 'Text approval')
  const keyLine = () => page.locator('.status-bar .key-hints').innerText()
  for (const [key, open, line] of [
    ['h', '.history-panel', 'Esc closes the history'],
    ['?', '.cheat-sheet', 'Esc closes the shortcuts'],
    ['r', '.picker', 'its own keys, listed in it · Esc closes it'],
    ['f', '[aria-labelledby="queue-view-title"]', 'its own keys, listed in it · Esc closes it']
  ] as const) {
    await sleep(LOOK_MS)
    await keys.press(qwerty(key))
    await page.locator(open).waitFor()
    await expect.poll(keyLine, { message: key }).toBe(line)
    await keys.press(qwerty('Escape'))
    await page.locator(open).waitFor({ state: 'detached' })
  }
  await keys.press(qwerty('g'))
  await keys.press(qwerty('s'))
  await page.getByRole('heading', { name: 'Backends' }).waitFor()
  await page.locator('.keymap-table button').first().click()
  await expect.poll(keyLine).toBe('the next key becomes the shortcut · Esc cancels')
  await keys.press(qwerty('Escape'))
})

it('a decision waiting for its key again, then a click into the draft: the prompt is cancelled, and a prompt never confirms edits it did not quote', async () => {
  await openTeamQueue(app, { count: 10, seed: 5 })
  const { page, keys } = app
  await openFirstOfKind(app, 'Text approval')
  await keys.press(qwerty('e'))
  await page.locator('.diff-titles .editing').waitFor()
  await typeSlowly('XY')
  await keys.press(qwerty('Escape'))
  await sleep(LOOK_MS)
  await keys.press(qwerty('a'))
  await page.locator('.confirm-strip[data-seen]').waitFor()
  await page.locator('.diff-slot.front .modified-in-monaco-diff-editor .view-lines').click()
  // Before: the prompt stayed through " QaQ" typed into the draft, its a typed as text, and the a
  // after Esc sent an email with " QaQ" in it, which the prompt, quoting only "XY", never showed.
  await page.locator('.confirm-strip').waitFor({ state: 'detached' })
  await expect.poll(() => page.locator('.status-bar .key-hints').innerText()).toBe('keys type into the proposal · Esc done')
  await typeSlowly(' QaQ')
  await keys.press(qwerty('Escape'))
  await sleep(LOOK_MS * 2)
  await keys.press(qwerty('a'))
  await page.locator('.confirm-strip[data-seen]').waitFor()
  // The new prompt quotes the first change and says there is more (" QaQ", further on).
  await expect(page.locator('.confirm-strip').innerText()).resolves.toMatch(/to “XYHi[^”]*”, with more changed after it\./)
  await keys.press(qwerty('Escape'))
  expect(await settledDecisions(app)).toEqual([])
})

it('the history holds the keyboard while open: j and a number reach no case under it, and Esc gives the keys back', async () => {
  const { page, keys } = app
  await openFirstOfKind(app, 'Classification')
  const title = await page.locator('.case-title').innerText()
  await keys.press(qwerty('h'))
  await page.locator('.history-panel').waitFor()
  await expect(page.evaluate(() => document.activeElement?.classList.contains('history-panel'))).resolves.toBe(true)
  await sleep(LOOK_MS)
  await keys.press(qwerty('j'))
  await sleep(LOOK_MS)
  await keys.press(qwerty('1'))
  await page.locator('.status-error', { hasText: 'The history covers the case' }).waitFor()
  await expect(page.locator('.case-title').innerText()).resolves.toBe(title)
  expect(await settledDecisions(app)).toEqual([])
  await keys.press(qwerty('Escape'))
  await page.locator('.history-panel').waitFor({ state: 'detached' })
  // The refusal goes with the history: it stayed, no longer true, through what came next.
  await expect(page.locator('.status-error').count()).resolves.toBe(0)
  await sleep(LOOK_MS)
  await keys.press(qwerty('j'))
  await page.waitForFunction((before) => document.querySelector('.case-title')?.textContent !== before, title)
})

it('a history open over a case its backend revises shows the new title', async () => {
  const { backend } = await openTeamQueue(app, { count: 10, seed: 5, syncIntervalSeconds: 5 })
  const { page, keys } = app
  await openFirstOfKind(app, 'Classification')
  const caseId = (await page.locator('.case-view').getAttribute('data-case-id'))!
  await keys.press(qwerty('h'))
  await page.locator('.history-panel').waitFor()
  backend.store.revise(caseId, (reviewCase) => ({ ...reviewCase, title: 'Categorise the ticket, retitled' }))
  await page.locator('.history-panel h2', { hasText: 'History of “Categorise the ticket, retitled”' }).waitFor({ timeout: 20_000 })
})

it('the shortcuts sheet holds the keyboard: arrows do not move the source’s caret under it, and Esc puts focus back in the source', async () => {
  const { page, keys } = app
  await openFirstOfKind(app, 'Text approval')
  const source = page.locator('.diff-slot.front .original-in-monaco-diff-editor textarea')
  await source.focus()
  const caret = () => page.locator('.diff-slot.front .original-in-monaco-diff-editor .cursors-layer .cursor').first().evaluate((cursor) => cursor.getBoundingClientRect().top)
  const before = await caret()
  await keys.press(qwerty('?'))
  await page.locator('.cheat-sheet').waitFor()
  for (let press = 0; press < 5; press++) await page.keyboard.press('ArrowDown')
  await keys.press(qwerty('Escape'))
  await page.locator('.cheat-sheet').waitFor({ state: 'detached' })
  await expect(caret()).resolves.toBe(before)
  await expect(focused(page)).resolves.toMatchObject({ side: 'source' })
})

it('Ctrl+K over the history closes it first: what is typed goes into the palette and decides no hidden case', async () => {
  const { page, keys } = app
  await openFirstOfKind(app, 'Classification')
  const title = await page.locator('.case-title').innerText()
  await keys.press(qwerty('h'))
  await page.locator('.history-panel').waitFor()
  await sleep(LOOK_MS)
  await page.keyboard.press('Control+k')
  await page.locator('.history-panel').waitFor({ state: 'detached' })
  await typeFast(keys, 'audit')
  await expect(page.evaluate(() => (document.activeElement as HTMLInputElement).value)).resolves.toBe('audit')
  await keys.press(qwerty('Escape'))
  await expect(page.locator('.case-title').innerText()).resolves.toBe(title)
  expect(await settledDecisions(app)).toEqual([])
})
