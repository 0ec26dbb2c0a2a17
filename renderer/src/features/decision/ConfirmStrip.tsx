import { useAppStore } from '../../store'

/** The extra keystroke an irreversible or customer-facing action asks for. */
export function ConfirmStrip() {
  const pending = useAppStore((state) => state.pendingConfirmation)
  if (!pending) return null
  return (
    <div className="confirm-strip" role="alert">
      <strong>{pending.message}</strong> Press <kbd>{pending.key}</kbd> again to confirm, any other key to cancel.
    </div>
  )
}
