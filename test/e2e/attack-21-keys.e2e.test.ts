import type { Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'
import { settledDecisions, SETTLE_MS, typeFast, useKeyboardSession, waitForDecisions } from './keyboard-session'
import { LOOK_MS, OsKeyboard, qwerty, sleep } from './os-keys'

// Attack 21 on "a decision is only made on purpose": text typed for another window. The typing
// guard counts a key as typed when it comes within the reaction time of the key typed before it
// *in this window*; keys typed in another window are never seen, and losing focus forgets the last
// one. So when the window gains focus in the middle of someone's typing (alt-tab landing while
// typing, a password manager's auto-type that activates the wrong window and types at once, an app
// that raises its window), the first key to arrive is taken as a lone, deliberate key: `a` approves
// the case on screen 30 ms after the window came to the front. That key comes amid typing, not
// after a pause (README: "Only a lone key can still decide: the first a of text typed onto the case
// view after a pause"), and no reviewer looks at a case and decides within 30 ms of its window
// reaching the front.

const app = useKeyboardSession(() => makeTempDir('countersign-e2e-a21-keys-'))
let page: Page
let keys: OsKeyboard
beforeEach(() => {
  ;({ page, keys } = app)
})

/** The window loses the keyboard to another app, then gets it back, as the OS reports it (window blur, then focus). */
async function focusLeavesAndReturns(): Promise<void> {
  await page.evaluate(() => {
    window.dispatchEvent(new FocusEvent('blur'))
  })
  await sleep(LOOK_MS * 3) // the reviewer types elsewhere for a while
  await page.evaluate(() => {
    window.dispatchEvent(new FocusEvent('focus'))
  })
}

describe('keys typed for another window, as the window comes to the front', () => {
  it('“…approved all” with the window raised just before its a: nothing is decided', async () => {
    await sleep(LOOK_MS * 2) // the case has been on screen for a long time
    await focusLeavesAndReturns()
    await sleep(30) // the next key of the typing arrives 30 ms after the focus
    for (const char of 'all') {
      await keys.press(qwerty(char))
      await sleep(45)
    }
    expect((await settledDecisions(app)).map((row) => [row.record.caseId, row.record.outcome])).toEqual([])
  })

  it('a reviewer who comes back to the window, looks, and presses a still decides', async () => {
    const open = await page.locator('.case-view').getAttribute('data-case-id')
    await focusLeavesAndReturns()
    await sleep(LOOK_MS)
    await keys.press(qwerty('a'))
    await page.locator('.confirm-strip[data-seen]').or(page.locator('.status-decision')).first().waitFor()
    if ((await page.locator('.confirm-strip').count()) > 0) {
      await sleep(LOOK_MS)
      await keys.press(qwerty('a'))
    }
    expect((await waitForDecisions(app, 1)).map((row) => [row.record.caseId, row.record.outcome])).toEqual([[open, 'approve']])
  })
})

// Attack 21: only decision keys (and c, C, u) are checked for typing. The sequences and the keys of
// other screens are not, and a sentence holds them: "blogs" types g s (Settings), "export" types
// x (Remove the selected backend?) and "yourself" types y, which answers that prompt. Typed at the
// case view, 30–80 ms a key, "blogs, export it yourself" removes the workspace's backend:
// its cases leave the queue and its undelivered decisions "will never be" delivered.
describe('a sentence typed for another form, onto the case view', () => {
  it('"blogs, export it yourself" removes no backend', async () => {
    const listBackends = () =>
      page.evaluate(async () => {
        const bridge = (window as unknown as { countersign: { listBackends(): Promise<{ ok: boolean; value: unknown[] }> } }).countersign
        const result = await bridge.listBackends()
        return result.ok ? result.value.length : -1
      })
    const before = await listBackends()
    expect(before).toBeGreaterThan(0)
    await sleep(LOOK_MS)
    await typeFast(keys, 'blogs, export it yourself')
    await sleep(SETTLE_MS)
    expect(await listBackends()).toBe(before)
  })
})

