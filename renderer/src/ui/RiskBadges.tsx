import type { RiskClass } from '../../../shared/domain/case'

type RiskFlags = Pick<RiskClass, 'reversible' | 'audience' | 'touchesMoney' | 'touchesAccess' | 'touchesLegal' | 'declared'>

/** What each badge means, shown on hover and read as its description: a short badge alone left newcomers guessing ("Access"?). */
const MEANING = {
  irreversible: 'Irreversible: once it goes through, it cannot be undone',
  audience: 'Seen outside the team: the action reaches customers or the public',
  money: 'Money: the action moves or commits money',
  legal: 'Legal: the action has legal effect',
  access: 'Access: the action grants, changes or removes someone’s access (accounts, permissions)',
  undeclared: 'Risk not declared: whoever sent this case did not say whether its action can be undone or whom it reaches, so approving it asks for confirmation'
} as const

/**
 * The action class at a glance; the irreversible badge is the loud one. The compact form (queue
 * rows) leaves out the audience, which the open case shows in full. `hiddenCharacters` adds the
 * badge for a case whose text holds characters that do not show as themselves.
 */
export function RiskBadges({ risk, compact = false, hiddenCharacters = false }: { risk: RiskFlags; compact?: boolean; hiddenCharacters?: boolean }) {
  const badges = [
    risk.declared === false && (
      <span key="undeclared" className="badge badge-undeclared" title={MEANING.undeclared}>
        {compact ? 'Undeclared' : 'Risk not declared'}
      </span>
    ),
    hiddenCharacters && (
      <span key="hidden" className="badge badge-hidden" title="Some of this case’s text holds characters that do not show as themselves (direction controls, zero-width characters, unusual spaces); each is shown as a dashed chip naming it.">
        Hidden characters
      </span>
    ),
    !risk.reversible && <span key="irreversible" className="badge badge-irreversible" title={MEANING.irreversible}>{compact ? 'Irrev.' : 'Irreversible'}</span>,
    !compact && risk.audience !== 'internal' && (
      <span key="audience" className="badge badge-audience" title={MEANING.audience}>{risk.audience === 'public' ? 'Public' : 'Customer-facing'}</span>
    ),
    risk.touchesMoney && <span key="money" className="badge badge-money" title={MEANING.money}>Money</span>,
    risk.touchesLegal && <span key="legal" className="badge badge-legal" title={MEANING.legal}>Legal</span>,
    risk.touchesAccess && <span key="access" className="badge badge-access" title={MEANING.access}>Access</span>
  ].filter(Boolean)
  return (
    <span className="risk-badges" aria-label="Risk">
      {badges.length > 0 ? badges : !compact && <span className="muted">Reversible, internal only</span>}
    </span>
  )
}
