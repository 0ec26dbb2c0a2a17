import type { RiskClass } from '../../../shared/domain/case'

type RiskFlags = Pick<RiskClass, 'reversible' | 'audience' | 'touchesMoney' | 'touchesAccess' | 'touchesLegal'>

/**
 * The action class at a glance; the irreversible badge is the loud one. The compact form (queue
 * rows) leaves out the audience, which the open case shows in full. `hiddenCharacters` adds the
 * badge for a case whose text holds characters that do not show as themselves.
 */
export function RiskBadges({ risk, compact = false, hiddenCharacters = false }: { risk: RiskFlags; compact?: boolean; hiddenCharacters?: boolean }) {
  const badges = [
    hiddenCharacters && (
      <span key="hidden" className="badge badge-hidden" title="Some of this case’s text holds characters that do not show as themselves (direction controls, zero-width characters, unusual spaces); each is shown as a dashed chip naming it.">
        Hidden characters
      </span>
    ),
    !risk.reversible && <span key="irreversible" className="badge badge-irreversible">{compact ? 'Irrev.' : 'Irreversible'}</span>,
    !compact && risk.audience !== 'internal' && (
      <span key="audience" className="badge badge-audience">{risk.audience === 'public' ? 'Public' : 'Customer-facing'}</span>
    ),
    risk.touchesMoney && <span key="money" className="badge badge-money">Money</span>,
    risk.touchesLegal && <span key="legal" className="badge badge-legal">Legal</span>,
    risk.touchesAccess && <span key="access" className="badge badge-access">Access</span>
  ].filter(Boolean)
  return (
    <span className="risk-badges" aria-label="Risk">
      {badges.length > 0 ? badges : !compact && <span className="muted">Reversible, internal only</span>}
    </span>
  )
}
