/** Every queue row's height, px: fixed, so the list is never measured. */
export const ROW_HEIGHT = 64

/**
 * The scroll offset (px) that shows row `index` whole, moving the list as little as possible from
 * `offset` in a viewport `height` px tall: the same offset when the row is already in view.
 */
export function scrollOffsetShowing(index: number, offset: number, height: number): number {
  const top = index * ROW_HEIGHT
  if (top < offset) return top
  if (top + ROW_HEIGHT > offset + height) return Math.max(0, top + ROW_HEIGHT - height)
  return offset
}
