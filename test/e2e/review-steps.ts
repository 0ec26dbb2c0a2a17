import type { Page } from 'playwright-core'

/**
 * Answers the "press again to confirm" prompt as a reviewer does: once it has been on screen for
 * the reaction time (`.confirm-strip[data-seen]`), presses `key` again. A sooner press is refused.
 */
export async function confirmOnceSeen(page: Page, key: string): Promise<void> {
  await page.locator('.confirm-strip[data-seen]').waitFor()
  await page.keyboard.press(key)
}
