import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Case } from '../../shared/domain/case'
import { bundleText, importIntoCache } from '../fixtures/cache-file'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { typeFast, useKeyboardSession } from './keyboard-session'
import { qwerty } from './os-keys'
import { confirmOnceSeen } from './review-steps'

// The queue as a filter leaves it (newcomer trial 26): the header says how many the filter shows,
// an empty result says so and how to see every case again, nothing of the last case stays on
// screen, and the overdue count follows each decision.

const screenshots = join(__dirname, '../../test-results')

/** Four text-approval cases, all overdue by an hour. */
function overdueCases(): Case[] {
  const overdue = new Date(Date.now() - 3_600_000).toISOString()
  return generateBundle({ count: 20, seed: 26, idPrefix: 'q', workspace: { id: 'queue', name: 'Queue' } })
    .cases.filter((reviewCase) => reviewCase.kind === 'text-approval')
    .slice(0, 4)
    .map((reviewCase) => ({ ...reviewCase, ownership: { ...reviewCase.ownership, dueAt: overdue } }))
}

const app = useKeyboardSession(() => {
  const dir = makeTempDir('countersign-e2e-queue-filter-')
  importIntoCache(dir.path, bundleText({ id: 'queue', name: 'Queue' }, overdueCases()))
  return dir
})

const header = () => app.page.getByTestId('queue-header').innerText()

it('a decision lowers the overdue count; a filter that matches nothing says so, shows no case, and f then 0 brings every case back', async () => {
  const { page, keys } = app
  await expect(header()).resolves.toMatch(/^4 pending\s+4 overdue/)

  await keys.press(qwerty('a'))
  if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
  await page.waitForFunction(() => /^3 pending\s+3 overdue/.test((document.querySelector('[data-testid="queue-header"]') as HTMLElement).innerText))

  await keys.press(qwerty('/'))
  await page.getByLabel('Filter the queue').waitFor()
  await typeFast(keys, 'zzz')
  await keys.press(qwerty('Enter'))
  const empty = page.locator('.case-empty')
  await empty.waitFor()
  await expect(empty.innerText()).resolves.toBe('No pending case matches the filter; 3 pending in all. f then 0 shows them all.')
  await expect(header()).resolves.toMatch(/^3 pending\s+0 shown · filtered\s+3 overdue/)
  // The editors of the case shown before are still laid out underneath, but draw nothing.
  await expect(page.locator('.diff-slot.front').evaluate((slot) => getComputedStyle(slot).opacity)).resolves.toBe('0')
  await page.screenshot({ path: join(screenshots, 'queue-filter-empty.png') })

  await keys.press(qwerty('f'))
  await page.getByRole('dialog', { name: 'Sort and narrow the queue' }).waitFor()
  await keys.press(qwerty('0'))
  await keys.press(qwerty('Escape'))
  await page.waitForSelector('[data-seen-case]')
  await expect(page.locator('.queue-row').count()).resolves.toBe(3)
  await expect(header()).resolves.not.toMatch(/filtered/)
  // The text filter is gone too, and the box does not bring it back.
  await expect(page.getByLabel('Filter the queue').count()).resolves.toBe(0)
  await expect(page.locator('.diff-slot.front').evaluate((slot) => getComputedStyle(slot).opacity)).resolves.toBe('1')
})
