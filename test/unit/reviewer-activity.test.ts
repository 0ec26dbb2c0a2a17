import { describe, expect, it } from 'vitest'
import { ReviewerActivity } from '../../electron/services/sync/reviewer-activity'

/** Keeps the thread busy for `ms`, as a slice of ingest does. */
function work(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end);
}

/** Runs slices of `sliceMs` through `activity` for `forMs`; returns the share of the time they took. */
async function runSlices(activity: ReviewerActivity, sliceMs: number, forMs: number): Promise<number> {
  const started = performance.now()
  let busy = 0
  while (performance.now() - started < forMs) {
    await activity.turn()
    work(sliceMs)
    busy += sliceMs
    activity.spent(sliceMs)
  }
  return busy / (performance.now() - started)
}

describe('ReviewerActivity', () => {
  it('gives a turn at once when nobody has pressed a key, after letting the event loop turn', async () => {
    // A clock that stands still until the end: any wait for time to pass would not end.
    let now = 1_000
    const activity = new ReviewerActivity(() => now)
    const order: string[] = []
    setImmediate(() => order.push('request from the screen'))
    await activity.turn()
    order.push('slice')
    expect(order).toEqual(['request from the screen', 'slice'])
    // Slices back to back, however much they spend, while the reviewer is quiet.
    for (let i = 0; i < 100; i++) {
      await activity.turn()
      activity.spent(4)
    }
    // Once a key is pressed, the work done holds the next turn (the clock never reaches the end of the quiet time).
    activity.noteInput()
    const next = activity.turn()
    const held = await Promise.race([next.then(() => 'turn'), new Promise((resolve) => setTimeout(() => resolve('held'), 50))])
    expect(held).toBe('held')
    now += 10_000
    await next
  })

  it('waits out the quiet time after the last keystroke, however many came, once the floor share is met', async () => {
    const activity = new ReviewerActivity(() => performance.now(), 60)
    activity.spent(10_000) // plenty of work done lately: the floor is met
    activity.noteInput()
    const started = performance.now()
    setTimeout(() => activity.noteInput(), 40)
    await activity.turn()
    // The second keystroke at ~40 ms moved the end of the quiet time to ~100 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(95)
  })

  it('keeps the floor share of the time for background work while keys never stop, after the window', async () => {
    const activity = new ReviewerActivity(() => performance.now(), 60, 0.25, 200)
    await runSlices(activity, 4, 300) // quiet: full speed, which counts against the floor for 200 ms
    activity.noteInput()
    const typing = setInterval(() => activity.noteInput(), 10)
    try {
      const started = performance.now()
      await activity.turn()
      const heldFor = performance.now() - started
      expect(heldFor).toBeGreaterThanOrEqual(150) // the quiet stretch's work, paid back first
      expect(heldFor).toBeLessThan(400)
      const share = await runSlices(activity, 4, 600)
      expect(share).toBeGreaterThan(0.15)
      expect(share).toBeLessThan(0.3)
    } finally {
      clearInterval(typing)
    }
  })
})
