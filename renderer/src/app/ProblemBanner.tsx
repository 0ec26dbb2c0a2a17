import { commandKeys } from '../../../shared/commands'
import { keyLabel } from '../commands/key-hints'
import { useAppStore } from '../store'
import { shownSlaWarnings } from '../store/selectors'

/**
 * A start-up problem ("No system keychain this run: …") as one calm line: its headline (the words
 * before the first colon) in bold, the rest cut to the line's width, and where to read it whole.
 * The element holds the full text, so a screen reader announces all of it (`role="alert"`), and
 * the tooltip shows it; Settings (`go.settings`) lists every problem of the run in full.
 */
export function ProblemBanner({ problem }: { problem: string }) {
  const keymap = useAppStore((state) => state.keymap)
  // Esc dismisses the due-soon line first (key-dispatch's closeInnermost): both said Esc.
  const dueSoonFirst = useAppStore((state) => shownSlaWarnings(state).length > 0)
  const colon = problem.indexOf(': ')
  const headline = colon > 0 ? problem.slice(0, colon + 1) : ''
  return (
    <p className="problem-banner" role="alert" title={problem}>
      <span className="banner-text">
        {headline && <strong>{headline}</strong>} {problem.slice(headline.length).replace(/\s*\n\s*/g, ' ').trim()}
      </span>
      <span className="banner-hint">
        <kbd>{keyLabel(commandKeys(keymap, 'go.settings'))}</kbd> details · <kbd>Esc</kbd> {dueSoonFirst ? 'after the due-soon line hides it until restart' : 'hide until restart'}
      </span>
    </p>
  )
}
