import type { BackendConfig } from '../../../shared/backends/backend-config'
import type { SecretStore } from '../secrets/secret-store'
import type { ClaimClient } from '../claims/claim-client'
import type { BackendAdapter } from './backend-adapter'
import { bundleAdapter } from './bundle/bundle-adapter'
import { langgraphAdvisoryClaims } from './langgraph/advisory-claim'
import { langgraphAdapter } from './langgraph/langgraph-adapter'
import { reviewApiAdapter } from './review-api/review-api-adapter'
import { reviewApiLeases } from './review-api/review-api-leases'

/** The keychain account holding a backend's token. */
export function tokenAccount(backendId: string): string {
  return `backend:${backendId}:token`
}

/** One line per backend kind: the only place outside a kind's own folder that names it. */
export function createAdapter(config: BackendConfig, secrets: SecretStore): BackendAdapter {
  switch (config.kind) {
    case 'review-api':
      return reviewApiAdapter({ config, readToken: () => secrets.get(tokenAccount(config.id)) })
    case 'langgraph':
      return langgraphAdapter({ config, readApiKey: () => secrets.get(tokenAccount(config.id)) })
    case 'bundle':
      return bundleAdapter(config)
  }
}

/** How a backend kind takes claims on shared cases; null for kinds only this reviewer sees (bundles). */
export function createClaimClient(config: BackendConfig, secrets: SecretStore, reviewer: string, now?: () => number): ClaimClient | null {
  switch (config.kind) {
    case 'review-api':
      return reviewApiLeases({ config, readToken: () => secrets.get(tokenAccount(config.id)) })
    case 'langgraph':
      return langgraphAdvisoryClaims({ config, readApiKey: () => secrets.get(tokenAccount(config.id)), reviewer, now })
    case 'bundle':
      return null
  }
}
