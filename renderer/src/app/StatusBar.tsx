import { useAppStore } from '../store'
import { COMMANDS } from './commands'

const OUTCOME_WORDS = {
  approve: 'Approved',
  'approve-with-edits': 'Approved with edits',
  reject: 'Rejected',
  'choose-option': 'Decided',
  reroute: 'Rerouted',
  defer: 'Deferred',
  'needs-info': 'Asked for info'
} as const

export function StatusBar() {
  const counts = useAppStore((state) => state.counts)
  const lastDecision = useAppStore((state) => state.lastDecision)
  const error = useAppStore((state) => state.error)
  return (
    <footer className="status-bar">
      <span data-testid="pending-count">
        <strong>{counts.pending}</strong> pending
      </span>
      <span data-testid="decided-count">
        <strong>{counts.decided}</strong> decided
      </span>
      <span className="status-message" aria-live="polite">
        {error ? (
          <span className="status-error" role="alert">
            {error} <kbd>Esc</kbd>
          </span>
        ) : (
          lastDecision && (
            <span className="status-saved">
              ✓ {OUTCOME_WORDS[lastDecision.outcome]} “{lastDecision.title}” — saved
            </span>
          )
        )}
      </span>
      <span className="key-hints" aria-label="Keyboard shortcuts">
        {COMMANDS.filter((command) => command.hint).map((command) => (
          <span key={command.id}>
            <kbd>{command.key}</kbd> {command.hint}
          </span>
        ))}
      </span>
    </footer>
  )
}
