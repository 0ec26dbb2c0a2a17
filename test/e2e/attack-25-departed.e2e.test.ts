import { describe, expect, it } from 'vitest'
import { REVIEWER } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'
import { openFirstOfKind, openRow, openTeamQueue, SETTLE_MS, useKeyboardSession } from './keyboard-session'
import { LOOK_MS, qwerty, sleep } from './os-keys'

// Attack 25 on "the departed case" (eca0ce4): a sync that takes the open case out of the queue
// leaves it on screen with its notice; no row is selected; j opens the case that took its row,
// k the one before; decision keys are refused on it.

const app = useKeyboardSession(() => makeTempDir('countersign-e2e-a25-departed-'))

const caseOnScreen = () => app.page.locator('.case-view').getAttribute('data-case-id')
/** The queue rows' case ids, top to bottom (rows are placed by their top, not DOM order). */
const rowIds = () => app.page.locator('.queue-row').evaluateAll((rows) => rows.map((row) => ({ id: row.id, top: row.getBoundingClientRect().top })).sort((a, b) => a.top - b.top).map((row) => row.id))

describe('the departed case', () => {
  it('withdrawn while the reviewer is on Settings: back on Review, it is still the case on screen, with its notice', async () => {
    const { backend } = await openTeamQueue(app, { count: 20, seed: 41 })
    const { page, keys } = app
    await openRow(app, 5)
    const chosen = (await caseOnScreen())!
    await keys.press(qwerty('g'))
    await keys.press(qwerty('s'))
    await page.locator('.settings-screen').waitFor()
    backend.store.withdraw(chosen)
    await keys.press(qwerty('s'))
    await sleep(3000)
    await keys.press(qwerty('g'))
    await keys.press(qwerty('r'))
    await page.getByTestId('pending-count').filter({ hasText: /^19 pending$/ }).waitFor()
    await page.waitForSelector('[data-seen-case]')
    await sleep(SETTLE_MS)
    const now = await caseOnScreen()
    const body = await page.locator('.case-view').innerText()
    // Seen: the case after it is on screen in its place, with no notice and its row selected; the
    // reviewer who left mid-case comes back to another case and a decision key applies to it.
    expect({ now, notice: /no longer needs your decision/.test(body) }).toEqual({ now: chosen, notice: true })
  })

  it('the last case of the queue departs: k opens the case just before it', async () => {
    const { backend } = await openTeamQueue(app, { count: 12, seed: 42 })
    const { page, keys } = app
    const ids = await rowIds()
    await openRow(app, 11)
    const chosen = (await caseOnScreen())!
    backend.store.withdraw(chosen)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^11 pending$/ }).waitFor()
    await sleep(SETTLE_MS)
    expect(await caseOnScreen()).toBe(chosen)
    await keys.press(qwerty('k'))
    await page.locator('.queue-row[aria-selected="true"]').waitFor()
    const selected = await page.locator('.queue-row[aria-selected="true"]').getAttribute('id')
    // Seen: k skips the case just before the departed one (the selection was clamped onto it).
    expect(selected).toBe(ids[10])
  })

  it('withdrawn, then assigned back: once it is pending again, its notice no longer says it needs no decision', async () => {
    const { backend } = await openTeamQueue(app, { count: 20, seed: 43 })
    const { page, keys } = app
    await openRow(app, 5)
    const chosen = (await caseOnScreen())!
    const stored = backend.store.getCase(chosen)!
    backend.store.withdraw(chosen)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^19 pending$/ }).waitFor()
    await sleep(SETTLE_MS)
    await keys.press(qwerty('j'))
    await page.waitForSelector('[data-seen-case]')
    // The backend gives it back (a colleague's reroute undone, a withdrawal reversed), revised.
    backend.store.putCases([{ ...stored.case, title: `${stored.case.title} (reopened)` }], REVIEWER)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^20 pending$/ }).waitFor()
    await sleep(SETTLE_MS)
    // Back to it with k until it is on screen.
    for (let i = 0; i < 3 && (await caseOnScreen()) !== chosen; i++) {
      await keys.press(qwerty('k'))
      await sleep(LOOK_MS)
    }
    await page.waitForSelector('[data-seen-case]')
    await sleep(LOOK_MS)
    const now = await caseOnScreen()
    const body = await page.locator('.case-view').innerText()
    // Seen: the pending case, reopened with k, still says it "no longer needs your decision" (a
    // case's notice is never dropped): a reviewer who believes it skips a case that needs them.
    expect({ now, staleNotice: /no longer needs your decision/.test(body) }).toEqual({ now: chosen, staleNotice: false })
  })

  it('withdrawn, then assigned back while still on screen: a decision on it applies once it is pending again', async () => {
    const { backend } = await openTeamQueue(app, { count: 20, seed: 44 })
    const { page, keys } = app
    await openRow(app, 5)
    const chosen = (await caseOnScreen())!
    const stored = backend.store.getCase(chosen)!
    backend.store.withdraw(chosen)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^19 pending$/ }).waitFor()
    await sleep(SETTLE_MS)
    backend.store.putCases([{ ...stored.case, title: `${stored.case.title} (reopened)` }], REVIEWER)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^20 pending$/ }).waitFor()
    await sleep(SETTLE_MS + LOOK_MS)
    const now = await caseOnScreen()
    const body = await page.locator('.case-view').innerText()
    const selectedRows = await page.locator('.queue-row[aria-selected="true"]').count()
    await keys.press(qwerty('a'))
    await sleep(SETTLE_MS)
    const error = (await page.locator('.status-bar .status-error').count()) > 0 ? await page.locator('.status-bar .status-error').innerText() : ''
    // Seen: the case is pending again and on screen, its row back in the queue but not selected,
    // and a decision key on it is refused: "… was for a case that has left your queue".
    expect({ now, staleNotice: /no longer needs your decision/.test(body), selectedRows, refusedAsDeparted: /left your queue/.test(error) }).toEqual({
      now: chosen,
      staleNotice: false,
      selectedRows: 1,
      refusedAsDeparted: false
    })
  })

  it('while the departed case is on screen, the reviewer holds no other case for colleagues', async () => {
    const { backend } = await openTeamQueue(app, { count: 20, seed: 45 })
    const { page, keys } = app
    await openRow(app, 5)
    const chosen = (await caseOnScreen())!
    const heldByReviewer = () =>
      Array.from({ length: 20 }, (_, i) => `now-${String(i + 1).padStart(5, '0')}`).filter((id) => backend.store.leaseOf(id, Date.now())?.holder === REVIEWER)
    await sleep(1500)
    // Viewing a case holds it for the reviewer (a lease after a short dwell): colleagues pass it.
    expect(heldByReviewer()).toEqual([chosen])
    backend.store.withdraw(chosen)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^19 pending$/ }).waitFor()
    await sleep(1500)
    expect(await caseOnScreen()).toBe(chosen)
    // Seen: the case after it, which the reviewer has not opened, is held in their name for as
    // long as the departed case stays on screen (renewed every minute): colleagues skip it.
    expect(heldByReviewer()).toEqual([])
  })

  it('two cases leave in one pull, the open one and the one after it: j opens the next case still pending, k the one before', async () => {
    const { backend } = await openTeamQueue(app, { count: 20, seed: 46 })
    const { page, keys } = app
    await openRow(app, 4)
    const before = (await caseOnScreen())!
    await openRow(app, 7)
    const afterBoth = (await caseOnScreen())!
    await openRow(app, 6)
    const second = (await caseOnScreen())!
    await openRow(app, 5)
    const chosen = (await caseOnScreen())!
    backend.store.withdraw(chosen)
    backend.store.withdraw(second)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^18 pending$/ }).waitFor()
    await sleep(SETTLE_MS)
    expect(await caseOnScreen()).toBe(chosen)
    await keys.press(qwerty('j'))
    await page.waitForFunction((id) => document.querySelector('.case-view')?.getAttribute('data-case-id') !== id, chosen)
    const afterJ = await caseOnScreen()
    await keys.press(qwerty('k'))
    await sleep(LOOK_MS)
    const afterK = await caseOnScreen()
    expect({ afterJ, afterK }).toEqual({ afterJ: afterBoth, afterK: before })
  })

  it('withdrawn by a background pull while the reviewer types an edit of its proposal: the typing stays in the editor, the case on screen, and a decision is refused', async () => {
    const { backend } = await openTeamQueue(app, { count: 20, seed: 47, syncIntervalSeconds: 5 })
    const { page, keys } = app
    await openFirstOfKind(app, 'Text approval')
    const chosen = (await caseOnScreen())!
    await keys.press(qwerty('e'))
    await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') !== null)
    backend.store.withdraw(chosen)
    // Types on (a key every 120 ms) until the timer's pull has brought the withdrawal, then rests.
    const typed = 'please note jkas '
    for (let i = 0; i < 60; i++) {
      await keys.press(qwerty(typed[i % typed.length]!))
      await sleep(120)
    }
    await sleep(SETTLE_MS + 300)
    const now = await caseOnScreen()
    const body = await page.locator('.case-view').innerText()
    const stillInEditor = await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)
    const proposal = await page.locator('.diff-slot.front .editor.modified .view-lines').innerText()
    await keys.press(qwerty('Escape'))
    await sleep(LOOK_MS)
    await keys.press(qwerty('a'))
    await sleep(SETTLE_MS)
    const error = (await page.locator('.status-bar .status-error').count()) > 0 ? await page.locator('.status-bar .status-error').innerText() : ''
    expect({ now, notice: /no longer needs your decision/.test(body), stillInEditor, typedKept: proposal.replace(/\u00a0/g, ' ').includes('please note'), refused: /left your queue|withdrawn/.test(error) }).toEqual({
      now: chosen,
      notice: true,
      stillInEditor: true,
      typedKept: true,
      refused: true
    })
  }, 60_000)
})
