import { useAppStore } from '../store'

/** A yes/no question answered from the keyboard: `y` confirms, `n` or Esc keeps things as they are. */
export function ConfirmDialog() {
  const confirmation = useAppStore((state) => state.confirmation)
  if (!confirmation) return null
  return (
    <div className="picker-backdrop">
      <div className="picker" role="alertdialog" aria-modal="true" aria-labelledby="confirm-message">
        <p id="confirm-message" className="confirm-message">
          {confirmation.message}
        </p>
        <p className="muted">
          <kbd>y</kbd> {confirmation.confirmLabel} · <kbd>n</kbd> or <kbd>Esc</kbd> cancel
        </p>
      </div>
    </div>
  )
}
