import type { AppState } from '../store'
import { selectOpenCase } from '../store'
import { proposalText } from '../../../shared/domain/proposal-text'
import { focusTarget } from './focus-targets'

/**
 * The command registry: every reviewer action, defined once. The key handler and the key hints
 * both read from it, so a key shown is a key that works.
 */
export interface Command {
  id: string
  title: string
  /** `KeyboardEvent.key` value that runs the command. */
  key: string
  /** A short label for the hint bar; commands without one are not advertised there. */
  hint?: string
  isEnabled?(state: AppState): boolean
  run(state: AppState): void
}

const hasOpenCase = (state: AppState) => selectOpenCase(state) !== undefined

export const COMMANDS: readonly Command[] = [
  { id: 'queue.next', title: 'Next case', key: 'j', hint: 'next', run: (s) => s.moveSelection(1) },
  { id: 'queue.previous', title: 'Previous case', key: 'k', hint: 'previous', run: (s) => s.moveSelection(-1) },
  { id: 'decision.approve', title: 'Approve', key: 'a', hint: 'approve', isEnabled: hasOpenCase, run: (s) => void s.approve() },
  {
    id: 'decision.reject',
    title: 'Reject with a reason',
    key: 'r',
    hint: 'reject',
    isEnabled: hasOpenCase,
    run: (s) => s.openRejectPicker()
  },
  {
    id: 'editor.focusDraft',
    title: 'Edit the proposal',
    key: 'e',
    hint: 'edit',
    isEnabled: (s) => {
      const detail = selectOpenCase(s)
      return detail !== undefined && proposalText(detail.reviewCase).editableField !== null
    },
    run: () => focusTarget('draft')
  }
]

export function commandForKey(key: string): Command | undefined {
  return COMMANDS.find((command) => command.key === key)
}
