import type { BackendConfig } from '../../../shared/backends/backend-config'
import type { BackendTokens } from '../secrets/backend-tokens'
import type { ClaimClient } from '../claims/claim-client'
import type { CasePrepPool } from '../sync/case-prep/case-prep-pool'
import type { BackendAdapter } from './backend-adapter'
import { bundleAdapter } from './bundle/bundle-adapter'
import { langgraphAdvisoryClaims } from './langgraph/advisory-claim'
import { langgraphAdapter } from './langgraph/langgraph-adapter'
import { reviewApiAdapter } from './review-api/review-api-adapter'
import { reviewApiLeases } from './review-api/review-api-leases'

/**
 * One line per backend kind: the only place outside a kind's own folder that names it. `casePrep`
 * prepares pulled pages off the services' thread; `reviewer` is who pulls (a LangGraph thread
 * assigned to someone else is not theirs).
 */
export function createAdapter(config: BackendConfig, tokens: BackendTokens, casePrep: CasePrepPool, reviewer: string): BackendAdapter {
  switch (config.kind) {
    case 'review-api':
      return reviewApiAdapter({ config, readToken: () => tokens.get(config.id), casePrep })
    case 'langgraph':
      return langgraphAdapter({ config, readApiKey: () => tokens.get(config.id), reviewer })
    case 'bundle':
      return bundleAdapter(config, { casePrep })
  }
}

/** How a backend kind takes claims on shared cases; null for kinds only this reviewer sees (bundles). */
export function createClaimClient(config: BackendConfig, tokens: BackendTokens, reviewer: string, now?: () => number): ClaimClient | null {
  switch (config.kind) {
    case 'review-api':
      return reviewApiLeases({ config, readToken: () => tokens.get(config.id) })
    case 'langgraph':
      return langgraphAdvisoryClaims({ config, readApiKey: () => tokens.get(config.id), reviewer, now })
    case 'bundle':
      return null
  }
}
