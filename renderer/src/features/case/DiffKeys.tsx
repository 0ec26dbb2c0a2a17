import type { Case } from '../../../../shared/domain/case'
import { editableField } from '../../../../shared/domain/proposal-text'
import { useCommandKeys } from '../../commands/key-hints'

/**
 * The keys that apply to a case shown as a diff (a text approval, an exception), with the
 * reviewer's own bindings, as the other kinds' views end with theirs: edit (when the proposal is
 * editable), approve — for an exception, its recommended option —, the option numbers, reject.
 */
export function DiffKeys({ reviewCase }: { reviewCase: Case }) {
  const editKeys = useCommandKeys('editor.focus')
  const approveKeys = useCommandKeys('decision.approve')
  const rejectKeys = useCommandKeys('decision.reject')
  const exception = reviewCase.kind === 'exception'
  const editable = editableField(reviewCase) !== null
  const options = Math.min(reviewCase.options.length, 9)
  return (
    <p className="muted case-keys diff-keys">
      {editable && (
        <>
          <kbd>{editKeys}</kbd> edit the {exception ? 'proposed rule' : 'draft'} · <kbd>Esc</kbd> done ·{' '}
        </>
      )}
      <kbd>{approveKeys}</kbd> {exception ? 'the recommended option' : editable ? 'approve, with your edits' : 'approve'}
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
