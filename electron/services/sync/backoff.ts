const BASE_MS = 1_000
const CAP_MS = 5 * 60_000

/**
 * Exponential backoff with full jitter (a uniformly random delay up to base·2^attempt, capped):
 * retries spread out instead of arriving at a recovering backend all at once.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt, 20))
  return Math.round(ceiling * random())
}
