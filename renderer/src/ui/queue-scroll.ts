/** Every queue row's height, px: fixed, so the list is never measured. */
export const ROW_HEIGHT = 64

/**
 * The scroll offset (px) that shows row `index` whole in a viewport `height` px tall, from
 * `offset`: the same offset while the row is whole in view, and as small a move as will do for a
 * row partly in view. A row wholly out of view is brought in a page at a time: a row below shows
 * second from the top, under the row just left, and a row above second from the bottom. So a
 * reviewer walking the queue with `j` scrolls the list about once a page rather than at every
 * press (each scroll re-renders the list's rows and repaints it), and the rows stay still while
 * they read. With `minimal`, every move is as small as will do: for a list that got shorter.
 */
export function scrollOffsetShowing(index: number, offset: number, height: number, minimal = false): number {
  const top = index * ROW_HEIGHT
  const bottom = top + ROW_HEIGHT
  // The row next to it in the direction it came from stays in view, when there is room for both.
  const context = height >= 2 * ROW_HEIGHT ? ROW_HEIGHT : 0
  if (top < offset) return minimal || bottom > offset ? top : Math.max(0, bottom + context - height)
  if (bottom > offset + height) return minimal || top < offset + height ? bottom - height : top - context
  return offset
}
