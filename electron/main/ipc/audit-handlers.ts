import type { AppServices } from '../../services/app-services'
import { fingerprint, SigningKeyError } from '../../services/signing/reviewer-keys'
import type { IpcHandlers } from './dispatch'

type AuditMethods = 'listAuditRecords' | 'getCaseHistory' | 'verifyAuditChain' | 'exportAuditLog' | 'getSigningKeys' | 'rotateSigningKey'

export function auditHandlers({ audit, keys, exports }: AppServices): Pick<IpcHandlers, AuditMethods> {
  const signingKeys = () => keys.publicKeys().map(({ kid, createdAt, retiredAt }) => ({ kid, fingerprint: fingerprint(kid), createdAt, retiredAt }))
  return {
    listAuditRecords: ({ offset, limit }) => audit.page(offset, limit),
    getCaseHistory: (casePk) => audit.caseHistory(casePk),
    verifyAuditChain: () => audit.verifyChain(),
    exportAuditLog: () => exports.exportAuditLog(),
    getSigningKeys: async () => {
      // Made on first use. A key that cannot sign (its private half lost) is the workspace's
      // problem banner, not a reason to hide the keys: Settings lists them so it can be rotated.
      await keys.activeKey().catch((error: unknown) => {
        if (!(error instanceof SigningKeyError)) throw error
      })
      return signingKeys()
    },
    rotateSigningKey: async () => {
      await keys.rotate()
      return signingKeys()
    }
  }
}
