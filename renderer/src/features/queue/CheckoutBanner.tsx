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
      <strong>Checkout ends soon:</strong> {ending.count} case{ending.count === 1 ? '' : 's'} you took with you {ending.count === 1 ? 'is' : 'are'} released
      to the team at {holdEnd(ending.endsAt)}. Decide {ending.count === 1 ? 'it' : 'them'}, or <kbd>{returnKeys}</kbd> to hand them back now.
    </p>
  )
}
