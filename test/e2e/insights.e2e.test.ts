import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { confirmOnceSeen } from './review-steps'

const screenshots = join(__dirname, '../../test-results')
let driver: Driver
let dir: ReturnType<typeof makeTempDir>

beforeAll(async () => {
  driver = await createDriver()
  dir = makeTempDir('countersign-e2e-insights-')
})
afterAll(async () => {
  await driver.close()
  dir.remove()
})

it('opens insights by keyboard, switches a chart to its table, and exports it as CSV', async () => {
  const session = await driver.open(dir.path)
  const { page } = session
  try {
    await page.waitForSelector('[data-seen-case]')
    // Four decisions to have something to show.
    for (let made = 0; made < 4; made++) {
      const before = await page.locator('.case-title').innerText()
      await page.keyboard.press('a')
      await page.waitForSelector('.confirm-strip, .status-decision')
      if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
      await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent !== title, before)
      await page.waitForSelector('[data-seen-case]')
    }
    await expect(page.getByTestId('queue-header').innerText()).resolves.toMatch(/^\d+ pending\s+\d+ overdue\s+\d+ due within 1 h/)

    await page.keyboard.press('g')
    await page.keyboard.press('i')
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor()
    await page.locator('[data-chart-id="decisions-over-time"] canvas').waitFor()
    await page.screenshot({ path: join(screenshots, 'insights.png') })

    await page.keyboard.press('t')
    const table = page.locator('[data-chart-id="decisions-over-time"] table')
    await table.waitFor()
    await expect(table.locator('tbody td').first().innerText()).resolves.toBe('4')
    await page.keyboard.press('x')
    const notice = page.locator('.status-saved', { hasText: 'Exported decisions-over-time to ' })
    await notice.waitFor()
    const file = (await notice.innerText()).replace(/^Exported decisions-over-time to /, '').trim()
    const csv = readFileSync(file, 'utf8').split('\r\n')
    expect(csv[0]).toBe(',"Decisions"')
    expect(csv[1]).toMatch(/^"\d{4}-\d{2}-\d{2}",4$/)

    // j moves to the next chart; its table is independent.
    await page.keyboard.press('j')
    await page.keyboard.press('t')
    await page.locator('[data-chart-id="outcomes-by-kind"] table').waitFor()
    // Kinds are named as their chips name them, not by their ids.
    const kinds = await page.locator('[data-chart-id="outcomes-by-kind"] table tbody th').allInnerTexts()
    expect(kinds.length).toBeGreaterThan(0)
    for (const kind of kinds) expect(['Text approval', 'Classification', 'Field verification', 'Record merge', 'Exception']).toContain(kind)
    await page.screenshot({ path: join(screenshots, 'insights-tables.png') })
  } finally {
    await session.close()
  }
})
