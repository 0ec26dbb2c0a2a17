import { useAppStore } from '../../store'
import { useCommandKeys } from '../../commands/key-hints'

function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * This session at a glance: how many decisions it took (defers and questions included, so it is
 * not the status bar's count of cases decided), the pace per hour, the median time per decision.
 */
export function TriageCounter() {
  const session = useAppStore((state) => state.session)
  const triageKeys = useCommandKeys('review.triage')
  const decided = session.secondsPerCase.length
  // The pace over the session so far, up to the latest decision (at least a minute, so one quick
  // decision does not read as thousands an hour).
  const hours = Math.max((session.lastAt - session.startedAt) / 3_600_000, 1 / 60)
  return (
    <span className="triage-counter" data-testid="triage-counter">
      Triage · <strong>{decided}</strong> {decided === 1 ? 'decision' : 'decisions'}<span className="wide-only"> this session</span> · {Math.round(decided / hours)}/h · median {Math.round(median(session.secondsPerCase))} s
      <span className="wide-only">
        {' '}
        · <kbd>{triageKeys}</kbd> leave
      </span>
    </span>
  )
}
