import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { noteReviewerKey, whenKeysRest } from '../../../renderer/src/store/reviewer-keys'

// Screen updates a sync brings (the queue refreshed) wait for the sync's changes and the
// reviewer's keys to pause, so they never land in the frame a key asked for.

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
})
afterEach(() => {
  vi.useRealTimers()
})

it('runs the latest work once neither calls nor keys have come for the pause', () => {
  const inPause = whenKeysRest(300)
  const runs: string[] = []
  inPause(() => runs.push('first'))
  vi.advanceTimersByTime(200)
  inPause(() => runs.push('second')) // a second page of changes restarts the wait
  vi.advanceTimersByTime(299)
  expect(runs).toEqual([])
  vi.advanceTimersByTime(1)
  expect(runs).toEqual(['second'])
  vi.advanceTimersByTime(1_000)
  expect(runs).toEqual(['second'])
})

it('waits while the reviewer keeps pressing keys, and runs 300 ms after the last one', () => {
  const inPause = whenKeysRest(300)
  let ran = 0
  inPause(() => ran++)
  // A key every 100 ms for two seconds (j pressed at a brisk pace).
  for (let key = 0; key < 20; key++) {
    noteReviewerKey()
    vi.advanceTimersByTime(100)
  }
  expect(ran).toBe(0)
  vi.advanceTimersByTime(199)
  expect(ran).toBe(0)
  vi.advanceTimersByTime(1)
  expect(ran).toBe(1)
})
