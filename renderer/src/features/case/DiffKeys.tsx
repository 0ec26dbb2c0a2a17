import type { Case } from '../../../../shared/domain/case'
import { editableField } from '../../../../shared/domain/proposal-text'
import { useCommandKeys } from '../../commands/key-hints'
import { useAppStore } from '../../store'
import { OPTION_KEYS } from './views/OptionsBar'

/**
 * The keys that apply to a case shown as a diff (a text approval, an exception), with the
 * reviewer's own bindings, as the other kinds' views end with theirs: edit (when the proposal is
 * editable), approve — for an exception, its recommended option; "with your edits" once there are
 * some —, the option numbers, reject. While keys type into the proposal, only how to leave it.
 */
export function DiffKeys({ casePk, reviewCase }: { casePk: number; reviewCase: Case }) {
  const editKeys = useCommandKeys('editor.focus')
  const approveKeys = useCommandKeys('decision.approve')
  const rejectKeys = useCommandKeys('decision.reject')
  const proposalFocus = useAppStore((state) => state.proposalFocus)
  const edited = useAppStore((state) => state.drafts.has(casePk))
  const exception = reviewCase.kind === 'exception'
  const editable = editableField(reviewCase) !== null
  const options = Math.min(reviewCase.options.length, OPTION_KEYS)
  if (proposalFocus === 'read-only') {
    return (
      <p className="muted case-keys diff-keys">
        the {exception ? 'proposed rule' : 'draft'} can no longer be edited, and keys do nothing in it · <kbd>Esc</kbd> leaves it
      </p>
    )
  }
  if (proposalFocus === 'typing') {
    return (
      <p className="muted case-keys diff-keys">
        keys type into the {exception ? 'proposed rule' : 'draft'} · <kbd>Esc</kbd> done: then <kbd>{approveKeys}</kbd> {exception ? 'chooses the recommended option' : 'approves, with your edits'}
      </p>
    )
  }
  return (
    <p className="muted case-keys diff-keys">
      {editable && (
        <>
          <kbd>{editKeys}</kbd> edit the {exception ? 'proposed rule' : 'draft'} ·{' '}
        </>
      )}
      <kbd>{approveKeys}</kbd> {exception ? 'the recommended option' : edited ? 'approve, with your edits' : 'approve'}
      {options > 1 && (
        <>
          {' '}
          · <kbd>1</kbd>–<kbd>{options}</kbd> choose an option
        </>
      )}{' '}
      · <kbd>{rejectKeys}</kbd> reject
    </p>
  )
}
