import { describe, expect, it } from 'vitest'
import { ROW_HEIGHT, scrollOffsetShowing } from '../../../renderer/src/ui/queue-scroll'

describe('scrollOffsetShowing', () => {
  const height = 10 * ROW_HEIGHT

  it('keeps the list where it is while the row is whole in view', () => {
    expect(scrollOffsetShowing(3, 0, height)).toBe(0)
    expect(scrollOffsetShowing(9, 0, height)).toBe(0)
  })

  it('brings a row below the view in a page at a time: second from the top, under the row just left', () => {
    expect(scrollOffsetShowing(10, 0, height)).toBe(9 * ROW_HEIGHT)
    // The next nine presses of j move the selection, not the list.
    for (let index = 11; index <= 18; index++) expect(scrollOffsetShowing(index, 9 * ROW_HEIGHT, height)).toBe(9 * ROW_HEIGHT)
    expect(scrollOffsetShowing(500, 0, height)).toBe(499 * ROW_HEIGHT)
  })

  it('brings a row above the view in a page at a time: second from the bottom', () => {
    expect(scrollOffsetShowing(19, 20 * ROW_HEIGHT, height)).toBe(11 * ROW_HEIGHT)
    expect(scrollOffsetShowing(0, 5 * ROW_HEIGHT, height)).toBe(0)
  })

  it('moves a row cut off at an edge only as far as it needs', () => {
    expect(scrollOffsetShowing(5, 5 * ROW_HEIGHT + 10, height)).toBe(5 * ROW_HEIGHT)
    expect(scrollOffsetShowing(10, 10, height)).toBe(ROW_HEIGHT)
  })

  it('moves the list as little as it can when asked for the smallest move', () => {
    expect(scrollOffsetShowing(10, 0, height, true)).toBe(ROW_HEIGHT)
    expect(scrollOffsetShowing(4, 8 * ROW_HEIGHT, height, true)).toBe(4 * ROW_HEIGHT)
  })

  it('still shows the whole row in a view too short for two', () => {
    expect(scrollOffsetShowing(10, 0, ROW_HEIGHT + 20)).toBe(10 * ROW_HEIGHT)
    expect(scrollOffsetShowing(3, 10 * ROW_HEIGHT, ROW_HEIGHT + 20)).toBe(3 * ROW_HEIGHT + ROW_HEIGHT - (ROW_HEIGHT + 20))
  })
})
