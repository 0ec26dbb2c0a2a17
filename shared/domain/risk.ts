import type { Priority, RiskClass } from './case'

/**
 * A single number to sort by: higher is riskier. Irreversibility outweighs everything else; a
 * risk nobody declared weighs as much as reaching a customer.
 */
export function riskRank(risk: RiskClass): number {
  const audience = { internal: 0, customer: 2, public: 3 }[risk.audience]
  return (
    (risk.reversible ? 0 : 8) +
    audience +
    (risk.declared === false ? 2 : 0) +
    (risk.touchesMoney ? 2 : 0) +
    (risk.touchesLegal ? 2 : 0) +
    (risk.touchesAccess ? 1 : 0)
  )
}

export const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 }
