import type { BackendConfig } from '../../../shared/backends/backend-config'
import type { SecretStore } from '../secrets/secret-store'
import type { BackendAdapter } from './backend-adapter'
import { bundleAdapter } from './bundle/bundle-adapter'
import { langgraphAdapter } from './langgraph/langgraph-adapter'
import { reviewApiAdapter } from './review-api/review-api-adapter'

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
