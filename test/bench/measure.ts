import type { Page } from 'playwright-core'

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return round(sorted[Math.max(0, index)]!)
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6
}

/**
 * Presses `key` and measures, inside the page, from the keydown event to the first task after the
 * frame in which the next case's diff was painted (the editor marks `data-painted-case` in that
 * frame's animation callback).
 */
export async function keyToNextCasePaintedMs(page: Page, key: string): Promise<number> {
  await page.evaluate(() => {
    const target = document.querySelector('[data-testid="case-body"]')!
    const previous = target.getAttribute('data-painted-case')
    const bench = window as unknown as { __measurement: Promise<number> }
    bench.__measurement = new Promise<number>((resolve) => {
      let start = 0
      window.addEventListener('keydown', (event) => (start = event.timeStamp), { capture: true, once: true })
      const observer = new MutationObserver(() => {
        const painted = target.getAttribute('data-painted-case')
        if (start && painted && painted !== previous) {
          observer.disconnect()
          setTimeout(() => resolve(performance.now() - start), 0)
        }
      })
      observer.observe(target, { attributes: true, attributeFilter: ['data-painted-case'] })
    })
  })
  await page.keyboard.press(key)
  return page.evaluate(() => (window as unknown as { __measurement: Promise<number> }).__measurement)
}

/**
 * Presses a decision key and measures, inside the page, from that keydown to the moment the
 * status bar reports the decision stored (the receipt only comes back after the commit). An
 * irreversible case asks for the key again; then the confirming keydown is the one timed.
 */
export async function keyToStoredMs(page: Page, key: string): Promise<number> {
  // Plain JavaScript in a string: the TypeScript loader would wrap named functions in a helper
  // that does not exist in the page.
  await page.evaluate(`
    (() => {
      const status = document.querySelector('.status-bar')
      const previous = status.querySelector('.status-decision')?.textContent ?? ''
      window.__stored = new Promise((resolve) => {
        let start = 0
        const listener = (event) => { start = event.timeStamp }
        window.addEventListener('keydown', listener, { capture: true })
        const observer = new MutationObserver(() => {
          const text = status.querySelector('.status-decision')?.textContent ?? ''
          if (text !== previous && text.includes('saved')) {
            observer.disconnect()
            window.removeEventListener('keydown', listener, { capture: true })
            resolve(performance.now() - start)
          }
        })
        observer.observe(status, { subtree: true, childList: true, characterData: true })
      })
    })()
  `)
  await page.keyboard.press(key)
  await page.waitForSelector('.confirm-strip, .status-decision')
  if (await page.locator('.confirm-strip').isVisible()) await page.keyboard.press(key)
  return page.evaluate(() => (window as unknown as { __stored: Promise<number> }).__stored)
}
