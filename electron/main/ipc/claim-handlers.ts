import type { AppServices } from '../../services/app-services'
import type { IpcHandlers } from './dispatch'

type ClaimMethods = 'viewingCase' | 'getHolds' | 'checkOutCases' | 'returnCheckedOut'

export function claimHandlers({ claims }: AppServices): Pick<IpcHandlers, ClaimMethods> {
  return {
    viewingCase: (casePk) => {
      claims.view(casePk)
      return null
    },
    getHolds: () => claims.list(),
    checkOutCases: (request) => claims.checkout(request),
    returnCheckedOut: () => claims.returnAll()
  }
}
