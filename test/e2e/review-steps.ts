import type { Page } from 'playwright-core'

/**
 * Answers the "press again to confirm" prompt as a reviewer does: once it has been on screen for
 * the reaction time (`.confirm-strip[data-seen]`), presses `key` again. A sooner press is refused.
 */
export async function confirmOnceSeen(page: Page, key: string): Promise<void> {
  await page.locator('.confirm-strip[data-seen]').waitFor()
  await page.keyboard.press(key)
}

/**
 * Moves along the queue with `j` or `k` to the case titled `title`, then waits until it has been
 * on screen for the reaction time (`[data-seen-case]`), so decision keys apply to it.
 */
export async function openCaseByTitle(page: Page, title: string): Promise<void> {
  const { index, current } = await page.locator('.queue-row').evaluateAll(
    (rows, wanted) => ({
      index: rows.findIndex((row) => row.querySelector('.queue-row-title')?.textContent === wanted),
      current: rows.findIndex((row) => row.classList.contains('selected'))
    }),
    title
  )
  if (index < 0) throw new Error(`No queue row is titled “${title}”.`)
  for (let step = 0; step < Math.abs(index - current); step++) await page.keyboard.press(index > current ? 'j' : 'k')
  await page.waitForFunction((expected) => document.querySelector('.case-title')?.textContent === expected, title)
  await page.waitForSelector('[data-seen-case]')
}

/** Opens the first case in the queue (as rendered) whose kind chip reads `kindLabel`, as `openCaseByTitle` does. */
export async function openFirstOfKind(page: Page, kindLabel: string): Promise<void> {
  const title = await page.locator('.queue-row').evaluateAll(
    (rows, wanted) => rows.find((row) => row.querySelector('.kind-chip')?.textContent === wanted)?.querySelector('.queue-row-title')?.textContent,
    kindLabel
  )
  if (!title) throw new Error(`No queue row is a ${kindLabel} case.`)
  await openCaseByTitle(page, title)
}
