import type { ReviewService } from '../../services/review/review-service'
import type { IpcHandlers } from './dispatch'

type ReviewMethods = 'getWorkspaceSummary' | 'getQueuePage' | 'findInQueue' | 'getCase' | 'decide' | 'undoLast'

export function reviewHandlers(review: ReviewService): Pick<IpcHandlers, ReviewMethods> {
  return {
    getWorkspaceSummary: () => review.summary(),
    getQueuePage: ({ offset, limit, filter }) => review.queuePage(offset, limit, filter),
    findInQueue: (casePk, filter) => review.queuePosition(casePk, filter),
    getCase: (casePk) => review.caseDetail(casePk),
    decide: (request) => review.decide(request),
    undoLast: () => review.undoLast()
  }
}
