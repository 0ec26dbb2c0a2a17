import { useAppStore } from '../../store'
import { holdEnd } from '../../ui/hold-label'
import { useCommandKeys } from '../../commands/key-hints'

/** Checked-out cases still undecided are about to be released to the team. */
export function CheckoutBanner() {
  const ending = useAppStore((state) => state.checkoutEnding)
  const returnKeys = useCommandKeys('claims.return')
  if (!ending) return null
  return (
    <p className="sla-banner" role="alert">
      {/* One line (80 characters), as every banner: what happens when, and the key. */}
      <strong>Checkout ends soon:</strong> {ending.count} undecided case{ending.count === 1 ? '' : 's'} go{ending.count === 1 ? 'es' : ''} back to the team at{' '}
      {holdEnd(ending.endsAt)}. <kbd>{returnKeys}</kbd> hand {ending.count === 1 ? 'it' : 'them'} back now
    </p>
  )
}
