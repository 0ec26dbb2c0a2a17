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
    const target = document.querySelector('[data-testid="diff-editor"]')!
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
