import { expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'
import { openFirstOfKind, settledDecisions, SETTLE_MS, useKeyboardSession } from './keyboard-session'
import { LOOK_MS, qwerty, sleep, type OsKey } from './os-keys'

// Attack 23 on other layouts: dead keys. On a German layout `^` (left of 1) and `´` (left of
// Backspace) are dead keys: the browser reports both as `key: "Dead"` (UI Events: the key starts a
// composed character), told apart only by `code`. The keymap editor binds `event.key`, and refuses
// only Escape, Tab and the modifiers, so a reviewer who binds Approve to the `^` key gets Approve
// bound to "Dead": every dead key of the layout then approves — `´`, `` ` `` (Shift+´), `¨` on
// French — keys the reviewer never bound, next to Backspace.

const app = useKeyboardSession(() => makeTempDir('countersign-e2e-a23-dead-'))

/** A dead key of the German layout, as Chromium reports it (no text: it types nothing alone). */
const deadKey = (code: string, keyCode: number): OsKey => ({ key: 'Dead', code, keyCode })
const CIRCUMFLEX = deadKey('Backquote', 220)
const ACUTE = deadKey('Equal', 221)

it('Approve bound to the ^ key (German): the ´ key, another dead key, approves nothing', async () => {
  const { page, keys } = app
  await keys.press(qwerty('g'))
  await keys.press(qwerty('s'))
  await page.locator('[data-command-id="decision.approve"]').waitFor()
  await page.locator('[data-command-id="decision.approve"]').focus()
  await keys.press(qwerty('Enter'))
  await page.locator('.capturing').waitFor()
  await keys.press(CIRCUMFLEX)
  await sleep(SETTLE_MS)
  const saved = await page.locator('.status-bar').innerText()
  await keys.press(qwerty('Escape')) // leaves the capture, if the key was refused
  await keys.press(qwerty('Escape'))

  await keys.press(qwerty('g'))
  await keys.press(qwerty('r'))
  await page.locator('.case-view').waitFor()
  await openFirstOfKind(app, 'Classification')
  await sleep(LOOK_MS)
  await keys.press(ACUTE) // the key beside Backspace, not the one bound
  const decided = (await settledDecisions(app)).map((row) => [row.record.caseId, row.record.outcome])
  expect(decided, `after “${saved}”, the ´ key`).toEqual([])
  expect(saved).not.toContain('Shortcut saved: Dead')
})
