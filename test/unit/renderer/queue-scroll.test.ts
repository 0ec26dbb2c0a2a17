import { describe, expect, it } from 'vitest'
import { ROW_HEIGHT, scrollOffsetShowing } from '../../../renderer/src/ui/queue-scroll'

describe('scrollOffsetShowing', () => {
  const height = 10 * ROW_HEIGHT

  it('keeps the list where it is while the row is whole in view', () => {
    expect(scrollOffsetShowing(3, 0, height)).toBe(0)
    expect(scrollOffsetShowing(9, 0, height)).toBe(0)
  })

  it('scrolls just far enough for a row below the view to show at the bottom', () => {
    expect(scrollOffsetShowing(10, 0, height)).toBe(ROW_HEIGHT)
    expect(scrollOffsetShowing(500, 0, height)).toBe(491 * ROW_HEIGHT)
  })

  it('scrolls a row above the view, or cut off at its top, to the top', () => {
    expect(scrollOffsetShowing(4, 5 * ROW_HEIGHT, height)).toBe(4 * ROW_HEIGHT)
    expect(scrollOffsetShowing(5, 5 * ROW_HEIGHT + 10, height)).toBe(5 * ROW_HEIGHT)
  })

  it('scrolls a row cut off at the bottom into view', () => {
    expect(scrollOffsetShowing(9, 10, height)).toBe(10)
    expect(scrollOffsetShowing(10, 10, height)).toBe(ROW_HEIGHT)
  })
})
