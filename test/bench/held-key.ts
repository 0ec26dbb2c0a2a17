import type { Page } from 'playwright-core'

/** A held key repeats about this often (typical OS auto-repeat: ~30 a second). */
export const AUTO_REPEAT_MS = 33

/** What the page saw while a key was held. */
export interface HoldResult {
  /** Keydowns the page received, one per sent event (the first plus its repeats). */
  keydowns: number
  /**
   * Per keydown, ms from it (`event.timeStamp`) to the start of the frame after the next one that
   * marks a different case painted: a lower bound of when the screen moves (Event Timing, which
   * `pressSamples` adds for single presses, has no entry per auto-repeat to pair with).
   */
  screenMoves: number[]
  /** Different cases presented while the key was held and until the screen settled. */
  casesShown: number
  /** From the first keydown to the last presented case change, in ms. */
  spanMs: number
  /** From the key's release (the last keydown) to the last presented case change, in ms: how far the screen fell behind. */
  settleMs: number
}

/**
 * Starts recording, in the page, each keydown's `event.timeStamp` and each case the editor marks
 * painted (`data-painted-case`) with the presentation time of that frame (the next animation
 * frame's timestamp, as in `pressToNextCasePainted`).
 */
async function record(page: Page): Promise<void> {
  // Plain JavaScript in a string: the TypeScript loader would wrap it in helpers the page lacks.
  await page.evaluate(`(() => {
    const target = document.querySelector('[data-testid="case-body"]')
    const held = (window.__held = { keydowns: [], painted: [], stop: null })
    const onKeydown = (event) => held.keydowns.push(event.timeStamp)
    window.addEventListener('keydown', onKeydown, { capture: true })
    let previous = target.getAttribute('data-painted-case')
    const observer = new MutationObserver(() => {
      const painted = target.getAttribute('data-painted-case')
      if (!painted || painted === previous) return
      previous = painted
      const markedAt = performance.now()
      requestAnimationFrame((presentedAt) => held.painted.push([markedAt, presentedAt]))
    })
    observer.observe(target, { attributes: true, attributeFilter: ['data-painted-case'] })
    held.stop = () => {
      observer.disconnect()
      window.removeEventListener('keydown', onKeydown, { capture: true })
    }
  })()`)
}

/**
 * Holds `key` as an OS does: one keydown, then `repeats` keydowns with `autoRepeat: true` every
 * AUTO_REPEAT_MS (CDP `Input.dispatchKeyEvent`, sent on that clock whether or not the page keeps
 * up, as a keyboard does), then the keyup, when it calls `onRelease`; then waits until no case
 * has been painted for half a second. `key` is a lowercase letter.
 */
export async function holdKey(page: Page, key: string, repeats: number, onRelease: () => Promise<void> = async () => {}): Promise<HoldResult> {
  await record(page)
  const cdp = await page.context().newCDPSession(page)
  const code = key.toUpperCase().charCodeAt(0)
  const keyEvent = { key, code: `Key${key.toUpperCase()}`, windowsVirtualKeyCode: code, nativeVirtualKeyCode: code }
  const sent: Promise<unknown>[] = []
  const started = performance.now()
  for (let i = 0; i <= repeats; i++) {
    const due = started + i * AUTO_REPEAT_MS
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())))
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...keyEvent, text: key, unmodifiedText: key, autoRepeat: i > 0 }))
  }
  sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...keyEvent }))
  await onRelease()
  await Promise.all(sent)
  await cdp.detach()
  // Settled: no case change for 500 ms.
  let count = -1
  for (;;) {
    const now = (await page.evaluate('window.__held.painted.length')) as number
    if (now === count) break
    count = now
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const { keydowns, painted } = (await page.evaluate('(() => { window.__held.stop(); return { keydowns: window.__held.keydowns, painted: window.__held.painted } })()')) as {
    keydowns: number[]
    painted: [number, number][]
  }
  const screenMoves: number[] = []
  for (const at of keydowns) {
    const next = painted.find(([markedAt]) => markedAt > at)
    if (next) screenMoves.push(next[1] - at)
  }
  const lastPresented = painted.at(-1)?.[1] ?? keydowns.at(-1) ?? 0
  return {
    keydowns: keydowns.length,
    screenMoves,
    casesShown: painted.length,
    spanMs: lastPresented - (keydowns[0] ?? 0),
    settleMs: lastPresented - (keydowns.at(-1) ?? 0)
  }
}
