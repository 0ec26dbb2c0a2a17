import type { Case } from '../../../../../shared/domain/case'
import { approveKeyGives, optionEffect } from '../../../../../shared/domain/option-effect'
import { useCommandKeys } from '../../../commands/key-hints'
import { VisibleText } from '../../../ui/VisibleText'

/**
 * The case's options with their number keys; the recommended one is marked. An option the approve
 * or reject key also gives says so, with the reviewer's keys (`approveKeyGives`: not a reply's
 * recommended "Hold", which `a` does not choose), and one that cannot be undone (as the case
 * states it) is marked.
 */
export function OptionsBar({ reviewCase }: { reviewCase: Case }) {
  const viaKeys = { approve: useCommandKeys('decision.approve'), reject: useCommandKeys('decision.reject') }
  return (
    <ol className="options-bar" aria-label="Options">
      {reviewCase.options.slice(0, 9).map((option, index) => (
        <li key={option.id} className={option.recommended ? 'recommended' : undefined}>
          <kbd>{index + 1}</kbd> <VisibleText text={option.label} />
          {option.recommended && <span className="muted"> (recommended{approveKeyGives(reviewCase, option) ? `, ${viaKeys.approve}` : ''})</span>}
          {!option.recommended && (option.via || approveKeyGives(reviewCase, option)) && <span className="muted"> ({viaKeys[option.via ?? 'approve']})</span>}
          {optionEffect(reviewCase, option).irreversible && <span className="badge badge-irreversible">cannot be undone</span>}
        </li>
      ))}
    </ol>
  )
}
