import type { Case } from '../../../../../shared/domain/case'

/** The case's options with their number keys; the recommended one is marked and is what `a` takes. */
export function OptionsBar({ reviewCase }: { reviewCase: Case }) {
  return (
    <ol className="options-bar" aria-label="Options">
      {reviewCase.options.slice(0, 9).map((option, index) => (
        <li key={option.id} className={option.recommended ? 'recommended' : undefined}>
          <kbd>{index + 1}</kbd> {option.label}
          {option.recommended && <span className="muted"> (recommended, a)</span>}
        </li>
      ))}
    </ol>
  )
}
