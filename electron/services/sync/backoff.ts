const BASE_MS = 1_000
const CAP_MS = 5 * 60_000

/**
 * Exponential backoff with full jitter (a uniformly random delay up to base·2^attempt, capped):
 * retries spread out instead of arriving at a recovering backend all at once.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(backoffCeilingMs(attempt) * random())
}

/** The longest backoff delay after `attempt` failures (0-based): base·2^attempt, capped. */
export function backoffCeilingMs(attempt: number): number {
  return Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt, 20))
}

/**
 * Backoff with "equal jitter": at least half the ceiling, plus a random part up to the other half.
 * For retrying a backend that answers but breaks its protocol: a floor that doubles guarantees
 * how few requests it gets (at most one per 0.5 s, 1 s, 2 s… in a row), whatever the dice say.
 */
export function flooredRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = backoffCeilingMs(attempt)
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}
