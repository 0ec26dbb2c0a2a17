import type { Case } from '../../../../../shared/domain/case'
import { approveKeyGives, optionEffect } from '../../../../../shared/domain/option-effect'
import { useCommandKeys } from '../../../commands/key-hints'
import { VisibleText } from '../../../ui/VisibleText'

/** Options with a number key: `1`–`9` pick the first nine. */
export const OPTION_KEYS = 9

/**
 * Every option of the case, the first OPTION_KEYS with their number keys (the others only by name:
 * `a` still chooses one that is recommended, so it is shown); the recommended one is marked. An
 * option the approve or reject key also gives says so, with the reviewer's keys (`approveKeyGives`:
 * not a reply's recommended "Hold", which `a` does not choose), and one that cannot be undone (as
 * the case states it) is marked. Each label is boxed, so words inside it ("(recommended, a)") read
 * as the label's, not the app's. The bar wraps, and scrolls (PageDown) past a few lines.
 */
export function OptionsBar({ reviewCase }: { reviewCase: Case }) {
  const viaKeys = { approve: useCommandKeys('decision.approve'), reject: useCommandKeys('decision.reject') }
  return (
    <ol className="options-bar" aria-label="Options">
      {reviewCase.options.map((option, index) => (
        <li key={option.id} className={option.recommended ? 'recommended' : undefined}>
          {index < OPTION_KEYS && <kbd>{index + 1}</kbd>}{' '}
          <bdi className="option-label boxed">
            <VisibleText text={option.label} />
          </bdi>
          {option.recommended && <span className="muted"> (recommended{approveKeyGives(reviewCase, option) ? `, ${viaKeys.approve}` : ''})</span>}
          {!option.recommended && approveKeyGives(reviewCase, option) && <span className="muted"> ({viaKeys.approve})</span>}
          {reviewCase.kind === 'text-approval' && option.via === 'reject' && <span className="muted"> ({viaKeys.reject})</span>}
          {optionEffect(reviewCase, option).irreversible && <span className="badge badge-irreversible">cannot be undone</span>}
        </li>
      ))}
    </ol>
  )
}
