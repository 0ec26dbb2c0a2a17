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

/** One press: keydown to the next case presented, and when the keydown happened (its `event.timeStamp` in the page). */
export interface PressSample {
  /** From the keydown to the presented frame that shows the next case, in ms (see `pressSamples`). */
  latencyMs: number
  keydownAt: number
  /** From the keydown to the start of the frame after the one that marked the next case painted, in ms. */
  frameAfterMarkMs: number
}

/**
 * Presses `key` and measures, inside the page, from the keydown event (`event.timeStamp`: when
 * the OS delivered the key) to the start of the animation frame after the one in which the editor
 * marked the next case `data-painted-case` (the timestamp that frame's animation-frame callbacks
 * are given). That is only a lower bound of when the case reaches the screen: Chromium begins the
 * next frame before the marked one is rastered, drawn and presented. `pressSamples` completes the
 * figure with the keydown's Event Timing entry; `latencyMs` is `frameAfterMarkMs` until then.
 */
export async function pressToNextCasePainted(page: Page, key: string): Promise<PressSample> {
  await page.evaluate(() => {
    const target = document.querySelector('[data-testid="case-body"]')!
    const previous = target.getAttribute('data-painted-case')
    const bench = window as unknown as { __measurement: Promise<{ latencyMs: number; keydownAt: number; frameAfterMarkMs: number }> }
    bench.__measurement = new Promise((resolve, reject) => {
      let start = 0
      window.addEventListener('keydown', (event) => (start = event.timeStamp), { capture: true, once: true })
      const observer = new MutationObserver(() => {
        const painted = target.getAttribute('data-painted-case')
        if (start && painted && painted !== previous) {
          observer.disconnect()
          requestAnimationFrame((frameStart) => resolve({ latencyMs: frameStart - start, keydownAt: start, frameAfterMarkMs: frameStart - start }))
        }
      })
      observer.observe(target, { attributes: true, attributeFilter: ['data-painted-case'] })
      // A press that never shows another case is a fault to report, not a wait without end.
      setTimeout(() => {
        observer.disconnect()
        const shown = target.getAttribute('data-painted-case')
        const row = document.querySelector('[aria-selected="true"]')?.textContent?.slice(0, 80)
        reject(new Error(`no other case painted 10 s after the key (painted ${previous} → ${shown}; keydown seen: ${start > 0}; selected row: ${row}; active: ${document.activeElement?.tagName}.${document.activeElement?.className})`))
      }, 10_000)
    })
  })
  await page.keyboard.press(key)
  return page.evaluate(() => (window as unknown as { __measurement: Promise<PressSample> }).__measurement)
}

/** Milliseconds since the epoch, to the fraction, on the same clock in Node and in the page. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * Presses a decision key and measures from that keydown (its time in the page) to the moment the
 * decision is committed to SQLite (`commits` yields commit times from the services, which run in
 * this process under the harness). An irreversible case asks for the key again; then the
 * confirming keydown is the one timed.
 */
export async function keyToStoredMs(page: Page, key: string, nextCommit: () => Promise<number>): Promise<number> {
  // Plain JavaScript in a string: the TypeScript loader would wrap named functions in a helper
  // that does not exist in the page.
  await page.evaluate(`
    if (!window.__keyEpochs) window.addEventListener('keydown', (event) => window.__keyEpochs.push(performance.timeOrigin + event.timeStamp), { capture: true })
    window.__keyEpochs = []
  `)
  const before = await page.evaluate(() => document.querySelector('.status-decision')?.textContent ?? '')
  const committed = nextCommit()
  await page.keyboard.press(key)
  const confirmation = page.waitForSelector('.confirm-strip[data-seen]', { timeout: 5_000 }).then(
    () => 'confirm' as const,
    () => 'none' as const
  )
  const first = await Promise.race([committed, confirmation])
  if (first === 'confirm') await page.keyboard.press(key)
  const commitEpoch = await committed
  // Let the screen take the receipt before the next key, as a reviewer's next key would.
  await page.waitForFunction((previous) => (document.querySelector('.status-decision')?.textContent ?? '') !== previous, before)
  const keyEpochs = (await page.evaluate('window.__keyEpochs')) as number[]
  return commitEpoch - keyEpochs.at(-1)!
}
