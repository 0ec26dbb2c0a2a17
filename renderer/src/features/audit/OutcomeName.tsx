import type { Outcome } from '../../../../shared/domain/decision'
import { VisibleText } from '../../ui/VisibleText'

/**
 * A recorded outcome as the audit trail names it ("choose option"), followed by the option chosen:
 * its label as the case showed it when decided (`optionLabel`), or, where that is not known, its
 * id as the record names it (`optionId`). Which category or option, not only that one was picked.
 */
export function OutcomeName({ outcome, optionId, optionLabel }: { outcome: Outcome; optionId: string | null; optionLabel: string | null }) {
  return (
    <>
      {outcome.replace(/-/g, ' ')}
      {optionLabel !== null ? (
        <>
:{' '}
          <span className="option-label">
            “<VisibleText text={optionLabel} />”
          </span>
        </>
      ) : (
        optionId !== null && (
          <>
            : option id{' '}
            <span className="option-label">
              <VisibleText text={optionId} />
            </span>
          </>
        )
      )}
    </>
  )
}
