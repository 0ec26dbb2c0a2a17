import type { Outcome } from '../../../../shared/domain/decision'
import { VisibleText } from '../../ui/VisibleText'

/**
 * A recorded outcome as the audit trail names it ("choose option"), followed by the chosen
 * option's label when there is one (`optionLabel`, from the case as cached): which category or
 * option the reviewer picked, not only that one was picked.
 */
export function OutcomeName({ outcome, optionLabel }: { outcome: Outcome; optionLabel: string | null }) {
  return (
    <>
      {outcome.replace(/-/g, ' ')}
      {optionLabel !== null && (
        <>
          : “<VisibleText text={optionLabel} />”
        </>
      )}
    </>
  )
}
