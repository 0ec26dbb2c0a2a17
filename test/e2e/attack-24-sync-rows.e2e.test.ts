import { describe, expect, it } from 'vitest'
import { generateCases } from '../fixtures/case-generator'
import { REVIEWER } from '../fixtures/sync-fixtures'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { openRow, openTeamQueue, SETTLE_MS, useKeyboardSession } from './keyboard-session'
import { LOOK_MS, qwerty, sleep } from './os-keys'

// Attack 24: a sync must never show a row twice nor move the reviewer to a case already passed.
// While the reviewer keeps going with j (each press sooner than the queue's 300 ms refresh pause),
// the queue is not reloaded after a pull put cases ahead; the next page is then fetched in the new
// order and laid beside the first page, fetched in the old one.

const app = useKeyboardSession(() => makeTempDir('countersign-e2e-a24-sync-'))

describe('a pull while the reviewer goes through the queue with j', () => {
  it('never shows a case twice in the queue, nor brings j back to a case already passed', async () => {
    const { backend } = await openTeamQueue(app, { count: 150, seed: 31 })
    const { page, keys } = app
    await page.getByTestId('pending-count').filter({ hasText: /^150 pending$/ }).waitFor()
    // Overdue for days: all sort ahead of every case the reviewer has in the queue.
    backend.store.putCases(generateCases({ count: 60, seed: 32, idPrefix: 'overdue', baseTime: new Date(Date.now() - 10 * 86_400_000) }), REVIEWER)
    await keys.press(qwerty('s'))
    const seen: string[] = []
    for (let press = 0; press < 110; press++) {
      await keys.press(qwerty('j'))
      await sleep(120)
      seen.push((await page.locator('.case-view').getAttribute('data-case-id')) ?? '')
    }
    const ids = await page.locator('.queue-row').evaluateAll((rows) => rows.map((row) => row.id).filter(Boolean))
    const selected = await page.locator('.queue-row[aria-selected="true"]').count()
    const repeatedRows = ids.filter((id, i) => ids.indexOf(id) !== i)
    const firstSeen = new Map<string, number>()
    const backAgain: string[] = []
    seen.forEach((id, i) => {
      if (firstSeen.has(id) && i - firstSeen.get(id)! > 1) backAgain.push(id)
      if (!firstSeen.has(id)) firstSeen.set(id, i)
    })
    expect(selected).toBe(1)
    expect(repeatedRows).toEqual([])
    // Seen: j at the 100th row goes to the case 60 rows back (the 60 put ahead), and the next
    // presses walk again through cases already passed, while the 60 overdue ones are never shown.
    expect(backAgain).toEqual([])
  })

  it('a pull that withdraws the open case leaves it on screen with the notice, until the reviewer moves on', async () => {
    const { backend, dataDir } = await openTeamQueue(app, { count: 20, seed: 33 })
    const { page, keys } = app
    await openRow(app, 5)
    const onScreen = (await page.locator('.case-view').getAttribute('data-case-id'))!
    backend.store.withdraw(onScreen)
    await keys.press(qwerty('s'))
    await page.getByTestId('pending-count').filter({ hasText: /^19 pending$/ }).waitFor()
    await sleep(SETTLE_MS)
    const now = await page.locator('.case-view').getAttribute('data-case-id')
    const body = await page.locator('.case-view').innerText()
    // Seen: with no key pressed, the case view now shows the next case (the queue's reload
    // selects whatever is at the withdrawn case's index), and the notice went with the case; a
    // reviewer who reads past it and presses a decides a case they never chose to open.
    expect({ now, notice: /no longer needs your decision/.test(body) }).toEqual({ now: onScreen, notice: true })
    // No row is the open one meanwhile, a decision key decides nothing, and j opens the case after it.
    await expect(page.locator('.queue-row[aria-selected="true"]').count()).resolves.toBe(0)
    // The row the withdrawn case had, now the case after it's (rows are placed by their top, not DOM order).
    const after = await page.locator('.queue-row').evaluateAll((rows) => rows.map((row) => ({ id: row.id, top: row.getBoundingClientRect().top })).sort((a, b) => a.top - b.top)[5]!.id)
    await sleep(LOOK_MS)
    await keys.press(qwerty('a'))
    await expect(page.locator('.status-bar .status-error').innerText()).resolves.toMatch(/^Not decided: “a” was for a case that has left your queue/)
    expect(readDecisionRows(dataDir)).toEqual([])
    await keys.press(qwerty('j'))
    await page.locator(`.queue-row[aria-selected="true"]#${after}`).waitFor()
    await expect(page.locator('.case-view').getAttribute('data-case-id')).resolves.not.toBe(onScreen)
  })

  it('a background pull that withdraws the case whose reject picker is open never turns the picker to another case', async () => {
    // Synced every 5 s (the least Settings takes), as a team queue may be.
    const { backend, dataDir } = await openTeamQueue(app, { count: 20, seed: 34, syncIntervalSeconds: 5 })
    const { page, keys } = app
    await openRow(app, 5)
    const chosen = (await page.locator('.case-view').getAttribute('data-case-id'))!
    const chosenTitle = await page.locator('.case-title').innerText()
    await keys.press(qwerty('r'))
    const picker = page.getByRole('dialog').filter({ hasText: 'Reject because' })
    await picker.waitFor()
    // The reviewer reads the reasons; meanwhile the backend withdraws the case and the timer's pull brings that.
    backend.store.withdraw(chosen)
    await page.getByTestId('pending-count').filter({ hasText: /^19 pending$/ }).waitFor({ timeout: 15_000 })
    await sleep(SETTLE_MS + LOOK_MS)
    const pickerText = (await picker.count()) > 0 ? await picker.innerText() : '(closed)'
    await keys.press(qwerty('1'))
    await sleep(SETTLE_MS)
    const decided = readDecisionRows(dataDir).map((row) => row.record.caseId)
    // Seen: the picker, keyed by the open case, is now the reject picker of the case the reload
    // selected in the withdrawn one's place (its title in the heading), and 1 rejects that case.
    expect({ pickerForChosen: pickerText === '(closed)' || pickerText.includes(chosenTitle), decided }).toEqual({ pickerForChosen: true, decided: [] })
  })
})
