import type { Page } from 'playwright-core'

/** From the review screen, by keyboard: Settings (`g s`), then the add-backend form (`n`), focus on Kind. */
export async function openAddBackendForm(page: Page): Promise<void> {
  await page.waitForSelector('[data-painted-case]')
  await page.keyboard.press('g')
  await page.keyboard.press('s')
  await page.getByRole('heading', { name: 'Backends' }).waitFor()
  await page.keyboard.press('n')
  await page.getByRole('form', { name: 'Add a backend' }).waitFor()
}

/** Saves the form with Enter and waits until the new backend has synced. */
export async function saveBackendAndSync(page: Page, backendId: string): Promise<void> {
  await page.keyboard.press('Enter')
  await page.getByRole('form').waitFor({ state: 'detached' })
  await page.getByTestId(`sync-${backendId}`).filter({ hasText: 'synced' }).waitFor()
}

/** From the focused field, Tab to each next one and type its value; null leaves a field as it is. */
export async function typeIntoNextFields(page: Page, values: readonly (string | null)[]): Promise<void> {
  for (const value of values) {
    await page.keyboard.press('Tab')
    if (value !== null) await page.keyboard.type(value)
  }
}

/**
 * By keyboard, from the review screen: the add-backend form with its kind set to LangGraph server
 * (one down from "Review API service"), the focus still on the kind; next come Name, Id, URL, graph id.
 */
export async function openLangGraphBackendForm(page: Page): Promise<void> {
  await openAddBackendForm(page)
  await page.keyboard.press('ArrowDown')
  await page.getByLabel('LangGraph server URL').waitFor()
}

/**
 * By keyboard, from the review screen: adds a LangGraph server backend "Agents" (id `agents`) at
 * `url` for graph `graphId`, waits for its first sync, and goes back to the review screen (`g r`).
 */
export async function addLangGraphBackend(page: Page, url: string, graphId: string): Promise<void> {
  await openLangGraphBackendForm(page)
  await typeIntoNextFields(page, ['Agents', null, url, graphId])
  await saveBackendAndSync(page, 'agents')
  await page.keyboard.press('g')
  await page.keyboard.press('r')
}
