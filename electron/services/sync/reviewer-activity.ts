/**
 * How long background ingest and delivery hold off after the reviewer's last keystroke: long
 * enough for the frame that keystroke asked for (measured 20–40 ms on a 2-core machine) to be
 * drawn without a sync chunk competing for the cores.
 */
export const QUIET_AFTER_INPUT_MS = 60

/** The longest one `quiet()` waits, so a held key or a chatty renderer slows a sync but never stops it. */
export const LONGEST_HOLD_MS = 1_000

/**
 * The reviewer's keystrokes come first: the renderer reports each one, and background work asks
 * `quiet()` before each slice of CPU-heavy work. A reviewer reading or typing at human pace
 * barely slows a sync; one flying through the queue gets every frame on time.
 */
export class ReviewerActivity {
  private lastInputAt = -Infinity

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly quietMs = QUIET_AFTER_INPUT_MS,
    private readonly longestHoldMs = LONGEST_HOLD_MS
  ) {}

  /** The reviewer pressed a key. */
  noteInput(): void {
    this.lastInputAt = this.now()
  }

  /** Resolves once no input has come for `quietMs` (at once if none came lately), or after the longest hold. */
  async quiet(): Promise<void> {
    const giveUpAt = this.now() + this.longestHoldMs
    for (;;) {
      const wait = Math.min(this.lastInputAt + this.quietMs, giveUpAt) - this.now()
      if (wait <= 0) return
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)))
    }
  }
}
