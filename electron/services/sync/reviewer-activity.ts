import { setImmediate as nextTurnOfLoop, setTimeout as sleep } from 'node:timers/promises'

/**
 * How long background ingest and delivery hold off after the reviewer's last keystroke: long
 * enough for the frame that keystroke asked for (measured 20–40 ms on a 2-core machine) to be
 * drawn without a sync chunk competing for the cores.
 */
export const QUIET_AFTER_INPUT_MS = 60

/**
 * The share of the time background work keeps while keystrokes come without a pause (a held key
 * auto-repeating, fast typing): a sync then runs at about this fraction of its speed, and never
 * stops.
 */
export const FLOOR_SHARE = 0.25

/**
 * The window over which the floor share is kept, in ms: work done in the reviewer's pauses counts
 * towards it for at most this long. Pausing between keys (a reviewer reading, or pressing ten keys
 * a second) leaves background work more than its share, so it never runs while a frame is drawn;
 * keys held for longer than this get FLOOR_SHARE of the time taken from them.
 */
export const FLOOR_WINDOW_MS = 1_000

/**
 * How much work a worker thread pausing between steps (`steps`) does on credit, in ms, before it
 * pauses for the floor share: waking a thread at the lowest priority takes ms on a busy machine,
 * so pausing after every case (~0.25 ms) would leave a held key's sync a fraction of its share.
 */
export const STEP_BURST_MS = 4

/** The longest `quiet()` waits: a held key delays work that asks for a pause by at most this. */
export const LONGEST_QUIET_WAIT_MS = 1_000

/**
 * The clock every thread of the process reads alike: ms since the epoch, sub-ms precise
 * (`performance.timeOrigin + performance.now()`; a worker's `performance.now()` alone counts from
 * the worker's start).
 */
export const sharedClock = (): number => performance.timeOrigin + performance.now()

/** The cells of `ReviewerActivity.signal` (a BigInt64Array): the last keystroke, in µs on the shared clock; a cell to wait on. */
const LAST_INPUT_CELL = 0
const WAIT_CELL = 1
const NO_INPUT_YET = -(2n ** 62n)

/**
 * Schedules background work (a sync's ingest) around the reviewer's keystrokes: the renderer
 * reports each one (`noteInput`), and background work asks for a `turn()` before each slice of
 * CPU work and reports its length (`spent`). A turn comes at once while the reviewer is quiet;
 * within QUIET_AFTER_INPUT_MS of a keystroke it waits, unless background work has had less than
 * FLOOR_SHARE of the last FLOOR_WINDOW_MS. So a reviewer reading or pressing keys at a reading pace
 * never shares a frame with ingest, and one holding a key slows a sync without starving it.
 *
 * The floor is kept as credit, in ms of work: earned at FLOOR_SHARE per ms of wall time, spent by
 * each slice, never above 0 (no bursts saved up) and never below −FLOOR_SHARE × FLOOR_WINDOW_MS
 * (work in quiet stretches is not held against the reviewer's keys for longer than the window).
 *
 * Worker threads doing background work (the case-prep pool) see the same keystrokes through
 * `signal`, a SharedArrayBuffer: each builds its own ReviewerActivity on it (`inWorker`), with its
 * own credit, and `step`s between cases.
 */
export class ReviewerActivity {
  /** Shared with worker threads: the last keystroke's time (see LAST_INPUT_CELL). */
  readonly signal: SharedArrayBuffer
  private readonly cells: BigInt64Array
  private credit = 0
  private creditAt: number

  /**
   * `now` is a clock in ms (the shared clock unless a test brings its own); `signal` the buffer of
   * another ReviewerActivity to follow its keystrokes (a worker thread's), else a new one.
   */
  constructor(
    private readonly now: () => number = sharedClock,
    private readonly quietMs = QUIET_AFTER_INPUT_MS,
    private readonly share = FLOOR_SHARE,
    private readonly windowMs = FLOOR_WINDOW_MS,
    signal?: SharedArrayBuffer
  ) {
    this.signal = signal ?? new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT)
    this.cells = new BigInt64Array(this.signal)
    if (!signal) Atomics.store(this.cells, LAST_INPUT_CELL, NO_INPUT_YET)
    this.creditAt = now()
  }

  /**
   * A worker thread's view of the reviewer's keystrokes that `signal` (another ReviewerActivity's)
   * carries, keeping FLOOR_SHARE of this thread's time for its work while keys come without a pause.
   */
  static inWorker(signal: SharedArrayBuffer): ReviewerActivity {
    return new ReviewerActivity(sharedClock, QUIET_AFTER_INPUT_MS, FLOOR_SHARE, FLOOR_WINDOW_MS, signal)
  }

  /** The reviewer pressed a key. */
  noteInput(): void {
    Atomics.store(this.cells, LAST_INPUT_CELL, BigInt(Math.round(this.now() * 1000)))
  }

  /**
   * Resolves when the next slice of background work may run. It always lets the event loop turn
   * first (`setImmediate`), so requests from the review screen that have arrived are served
   * before the slice; then it waits while the reviewer is active and the floor is met.
   */
  async turn(): Promise<void> {
    await nextTurnOfLoop()
    for (let wait = this.holdMs(); wait > 0; wait = this.holdMs()) await sleep(wait)
  }

  /**
   * For synchronous background work on a worker thread, done in small steps (a case at a time):
   * returns the function to call before each step, which counts the time since the previous call
   * (or since `steps()`) as spent, then blocks this thread (`Atomics.wait`) while `turn` would
   * wait. Not for the services' thread, which must never block.
   */
  steps(): () => void {
    let stepAt = this.now()
    return () => {
      this.spent(this.now() - stepAt)
      // Once held, it waits until the floor share is back in credit, then works STEP_BURST_MS on it.
      if (this.holdMs(STEP_BURST_MS) > 0) for (let wait = this.holdMs(); wait > 0; wait = this.holdMs()) Atomics.wait(this.cells, WAIT_CELL, 0n, wait)
      stepAt = this.now()
    }
  }

  /**
   * Resolves once no key has come for QUIET_AFTER_INPUT_MS (at once if none came lately), or after
   * LONGEST_QUIET_WAIT_MS: for work that is cheap here but sets off work elsewhere on this machine
   * (a delivery: a LangGraph server runs the resumed graph at once), which may wait for the
   * reviewer's pause but not for ever.
   */
  async quiet(): Promise<void> {
    const giveUpAt = this.now() + LONGEST_QUIET_WAIT_MS
    for (;;) {
      const wait = Math.min(this.lastInputAt() + this.quietMs, giveUpAt) - this.now()
      if (wait <= 0) return
      await sleep(Math.ceil(wait))
    }
  }

  /** A slice of background work took `ms` of the services' thread. */
  spent(ms: number): void {
    this.earn(this.now())
    this.credit = Math.max(-this.share * this.windowMs, this.credit - ms)
  }

  /**
   * How long background work should wait before its next slice, in whole ms; 0: go now. While the
   * reviewer is active, work may go on until the credit is below −`allowedDebt` ms.
   */
  private holdMs(allowedDebt = 0): number {
    const now = this.now()
    this.earn(now)
    const quietIn = this.lastInputAt() + this.quietMs - now
    if (quietIn <= 0 || this.credit >= -allowedDebt) return 0
    return Math.max(1, Math.ceil(Math.min(quietIn, -this.credit / this.share)))
  }

  private lastInputAt(): number {
    return Number(Atomics.load(this.cells, LAST_INPUT_CELL)) / 1000
  }

  private earn(now: number): void {
    this.credit = Math.min(0, this.credit + this.share * (now - this.creditAt))
    this.creditAt = now
  }
}
