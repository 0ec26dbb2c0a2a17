import { useAppStore } from '../store'
import { VisibleText } from '../ui/VisibleText'

/**
 * A yes/no question answered from the keyboard: `y` confirms, `n` or Esc keeps things as they are.
 * The question may quote a backend's name as configured: its hidden characters are shown.
 */
export function ConfirmDialog() {
  const confirmation = useAppStore((state) => state.confirmation)
  if (!confirmation) return null
  return (
    <div className="picker-backdrop">
      <div className="picker" role="alertdialog" aria-modal="true" aria-labelledby="confirm-message">
        <p id="confirm-message" className="confirm-message">
          <VisibleText text={confirmation.message} />
        </p>
        <p className="muted">
          <kbd>y</kbd> {confirmation.confirmLabel} · <kbd>n</kbd> or <kbd>Esc</kbd> cancel
        </p>
      </div>
    </div>
  )
}
