import { AppError } from '../../../shared/ipc/errors'
import type { DecisionReceipt } from '../../../shared/ipc/views'
import type { Repositories } from '../db/repositories'
import type { CasesRepository } from '../db/repositories/cases-repository'
import type { ReviewService } from '../review/review-service'
import { CaseIngest } from './case-ingest'
import type { SyncEngine } from './sync-engine'

/**
 * Taking over a colleague's case: the case is fetched from its backend by id, cached, and a signed
 * `take-over` decision is recorded and pushed like any other; the backend then assigns the case to
 * this reviewer (a conflict, if it cannot, lands in the reviewer's "not applied" list).
 */
export class TakeOver {
  private readonly ingest: CaseIngest
  private readonly cases: CasesRepository

  constructor(
    repositories: Pick<Repositories, 'cases' | 'holds' | 'quarantine' | 'inTransaction'>,
    private readonly sync: SyncEngine,
    private readonly review: ReviewService
  ) {
    this.ingest = new CaseIngest(repositories)
    this.cases = repositories.cases
  }

  async takeOver(backendId: string, caseId: string): Promise<{ casePk: number; title: string; workspaceId: string; workspaceName: string; receipt: DecisionReceipt }> {
    const found = await this.sync.lookUpCase(backendId, caseId)
    const report = this.ingest.apply(backendId, [{ type: 'case', case: found.case }], new Date().toISOString())
    if (report.rejected[0]) throw new AppError('invalid-case', `The case cannot be taken over: ${report.rejected[0].message}`)
    const casePk = this.cases.pkOf(backendId, caseId)
    if (casePk === undefined) throw new AppError('not-found', `The backend did not return case “${caseId}”.`)
    const detail = this.review.caseDetail(casePk)
    if (detail.state === 'decided') throw new AppError('already-decided', `“${detail.reviewCase.title}” has already been decided here.`)
    const receipt = await this.review.decide({
      casePk,
      revision: detail.reviewCase.revision,
      shownContentHash: detail.contentHash,
      outcome: 'take-over',
      note: `Taken over from ${found.assignee}`,
      openedAt: new Date().toISOString()
    })
    return { casePk, title: detail.reviewCase.title, workspaceId: detail.workspaceId, workspaceName: detail.workspaceName, receipt }
  }
}
