import { performance } from 'node:perf_hooks'

/** A gap between two ticks longer than this, in ms, counts as a block: two and a half 4 ms ingest slices. */
export const BLOCK_THRESHOLD_MS = 10
/** The sampler's ticks per check of whether to go on sampling (about every 100 ms). */
const TICKS_PER_CHECK = 100

/**
 * Samples this thread's event loop while `active()` says so: a timer set every millisecond, and
 * every gap between two of its ticks longer than BLOCK_THRESHOLD_MS is one block, of that length
 * in ms (the loop ran something else, or the process had no core, all that time). `start` begins
 * sampling (again, if it stopped); it stops by itself once `active()` is false at a check.
 */
export class EventLoopBlocks {
  /** Every block seen so far, in ms (rounded). */
  readonly blocks: number[] = []
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(private readonly active: () => boolean) {}

  start(): void {
    if (this.timer) return
    let last = performance.now()
    let ticks = 0
    this.timer = setInterval(() => {
      const now = performance.now()
      if (now - last > BLOCK_THRESHOLD_MS) this.blocks.push(Math.round(now - last))
      last = now
      if (++ticks % TICKS_PER_CHECK === 0 && !this.active()) this.stop()
    }, 1)
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}
