import type { Case } from '../../../../../shared/domain/case'
import { VisibleText } from '../../../ui/VisibleText'

const VIA_KEYS = { approve: 'a', reject: 'r' } as const

/**
 * The case's options with their number keys; the recommended one is marked and is what `a` takes.
 * An option the approve or reject key also gives says so.
 */
export function OptionsBar({ reviewCase }: { reviewCase: Case }) {
  return (
    <ol className="options-bar" aria-label="Options">
      {reviewCase.options.slice(0, 9).map((option, index) => (
        <li key={option.id} className={option.recommended ? 'recommended' : undefined}>
          <kbd>{index + 1}</kbd> <VisibleText text={option.label} />
          {option.recommended && <span className="muted"> (recommended, a)</span>}
          {option.via && !option.recommended && <span className="muted"> ({VIA_KEYS[option.via]})</span>}
        </li>
      ))}
    </ol>
  )
}
