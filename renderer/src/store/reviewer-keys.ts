/** When the reviewer last pressed a key, in `performance.now()` ms (the window's key handler notes each keydown). */
let lastKeyAt = -Infinity

/** The reviewer pressed a key (any keydown, typing included). */
export function noteReviewerKey(): void {
  lastKeyAt = performance.now()
}

/**
 * A debouncer for screen updates the reviewer did not ask for (a sync's changes): each call of the
 * returned function (re)starts a wait of `ms`, and the work last given runs once neither a call
 * nor a keystroke has come for `ms`, so it is drawn in a pause and never in a frame a key asked for.
 */
export function whenKeysRest(ms: number): (work: () => void) => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let latest: () => void = () => {}
  const fire = () => {
    const wait = lastKeyAt + ms - performance.now()
    timer = wait > 0 ? setTimeout(fire, wait) : undefined
    if (wait <= 0) latest()
  }
  return (work) => {
    latest = work
    clearTimeout(timer)
    timer = setTimeout(fire, ms)
  }
}
