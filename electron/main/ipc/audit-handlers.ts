import type { AppServices } from '../../services/app-services'
import { fingerprint } from '../../services/signing/reviewer-keys'
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
      await keys.activeKey()
      return signingKeys()
    },
    rotateSigningKey: async () => {
      await keys.rotate()
      return signingKeys()
    }
  }
}
