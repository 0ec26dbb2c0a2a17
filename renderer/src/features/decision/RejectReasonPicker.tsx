import { rejectReasonsFor } from '../../../../shared/domain/decision'
import { selectOpenCase, useAppStore } from '../../store'

/** Opened by `r`: number keys pick the reason and record the rejection at once; Esc cancels. */
export function RejectReasonPicker() {
  const open = useAppStore((state) => state.rejectPickerOpen)
  const detail = useAppStore(selectOpenCase)
  if (!open || !detail) return null
  const reasons = rejectReasonsFor(detail.reviewCase)
  return (
    <div className="picker-backdrop">
      <div className="picker" role="dialog" aria-modal="true" aria-labelledby="reject-picker-title">
        <h2 id="reject-picker-title">Reject “{detail.reviewCase.title}” because…</h2>
        <ol className="picker-options">
          {reasons.map((reason, index) => (
            <li key={reason.code}>
              <kbd>{index + 1}</kbd> {reason.label}
            </li>
          ))}
        </ol>
        <p className="muted">
          Press a number to reject, <kbd>Esc</kbd> to go back.
        </p>
      </div>
    </div>
  )
}
