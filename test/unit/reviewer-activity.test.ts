import { describe, expect, it } from 'vitest'
import { ReviewerActivity } from '../../electron/services/sync/reviewer-activity'

describe('ReviewerActivity', () => {
  it('is quiet at once when nobody has pressed a key', async () => {
    const activity = new ReviewerActivity(() => 1_000, 60)
    let resolved = false
    void activity.quiet().then(() => (resolved = true))
    await Promise.resolve()
    await Promise.resolve()
    expect(resolved).toBe(true)
  })

  it('waits out the quiet time after the last keystroke, however many came', async () => {
    const activity = new ReviewerActivity(() => performance.now(), 60)
    activity.noteInput()
    const started = performance.now()
    setTimeout(() => activity.noteInput(), 40)
    await activity.quiet()
    // The second keystroke at ~40 ms moved the end of the quiet time to ~100 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(95)
  })

  it('stops holding after the longest hold even if the keys never stop', async () => {
    const activity = new ReviewerActivity(() => performance.now(), 60, 200)
    activity.noteInput()
    const typing = setInterval(() => activity.noteInput(), 10)
    const started = performance.now()
    try {
      await activity.quiet()
    } finally {
      clearInterval(typing)
    }
    const waited = performance.now() - started
    expect(waited).toBeGreaterThanOrEqual(195)
    expect(waited).toBeLessThan(400)
  })
})
