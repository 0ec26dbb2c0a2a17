import type { Outcome } from '../../../../shared/domain/decision'
import { OUTCOME_WORDS } from '../../ui/outcome-words'
import { VisibleText } from '../../ui/VisibleText'

/**
 * A recorded outcome as every screen names it (`OUTCOME_WORDS`: "Chose"), followed by the option chosen:
 * its label as the case showed it when decided (`optionLabel`), or, where that is not known, its
 * id as the record names it (`optionId`). Which category or option, not only that one was picked.
 */
export function OutcomeName({ outcome, optionId, optionLabel }: { outcome: Outcome; optionId: string | null; optionLabel: string | null }) {
  // "Chose “Shipping”", "Rejected: “Out of scope”".
  const joiner = outcome === 'choose-option' ? ' ' : ': '
  return (
    <>
      {OUTCOME_WORDS[outcome]}
      {optionLabel !== null ? (
        <>
          {joiner}
          <span className="option-label">
            “<VisibleText text={optionLabel} />”
          </span>
        </>
      ) : (
        optionId !== null && (
          <>
            {joiner}option id{' '}
            <span className="option-label">
              <VisibleText text={optionId} />
            </span>
          </>
        )
      )}
    </>
  )
}
