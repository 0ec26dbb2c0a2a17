import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fidelityCase } from '../fixtures/fidelity/corpus'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { openCaseByTitle } from './review-steps'
import { bundleText, importIntoCache } from '../fixtures/cache-file'

// Attack 22: "hidden characters are shown as dashed chips naming them wherever case text appears".
// The policy rule that paused a case is case text, and Insights lists it (rules that need work,
// rules that earned autonomy, the by-rule table): a rule with a zero-width space looks exactly like
// the real rule, and one with a right-to-left override reads as another rule.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

const RULES = ['REFUND-OVER-LIMIT', 'REFUND-OVER-LIMIT\u200B', 'TIMIL-REVO\u202EDNUFER']

let driver: Driver
beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})

it('rules with hidden characters are shown in Insights with their chips', async () => {
  const dir = makeTempDir('countersign-e2e-a22-insights-')
  const cases = RULES.map((rule, index) => {
    const base = fidelityCase('line endings LF')
    return { ...base, id: `a22-rule-${index}`, title: `A22 rule case ${index}`, pauseReason: { ...base.pauseReason, rule } }
  })
  importIntoCache(dir.path, bundleText({ id: 'a22', name: 'A22' }, cases))
  const session = await driver.open(dir.path)
  const { page } = session
  try {
    await page.waitForSelector('[data-painted-case]')
    for (const reviewCase of cases) {
      await openCaseByTitle(page, reviewCase.title)
      await page.keyboard.press('r')
      await page.waitForTimeout(600)
      await page.keyboard.press('1')
      await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent !== title, reviewCase.title)
    }
    await page.keyboard.press('g')
    await page.keyboard.press('i')
    await page.locator('.insights-screen').waitFor()
    // The chart draws each hidden character spelled out (a canvas has no chips).
    await page.waitForSelector('[data-chart-id="outcomes-by-rule"] canvas')
    // The by-rule chart (third) as a table: `j` `j` `t`.
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.waitForSelector('[data-chart-id="outcomes-by-rule"].focused')
    await page.keyboard.press('t')
    await page.locator('[data-chart-id="outcomes-by-rule"] .chart-table').waitFor()
    await page.screenshot({ path: join(screenshots, 'attack-22-insights-hidden.png'), fullPage: true })
    // Every hidden character on the screen sits in a chip that names it.
    const bare = await page.evaluate(() => {
      const found: string[] = []
      const walker = document.createTreeWalker(document.querySelector('.insights-screen')!, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/[\u200B\u202E]/.test(node.textContent ?? '') && !node.parentElement?.closest('.hidden-char')) found.push(JSON.stringify(node.textContent))
      }
      return found
    })
    expect(bare).toEqual([])
  } finally {
    await session.close()
    dir.remove()
  }
})
