import type { ReviewService } from '../../services/review/review-service'
import type { IpcHandlers } from './dispatch'

type ReviewMethods = 'getWorkspaceSummary' | 'getQueuePage' | 'findInQueue' | 'getCase' | 'decide'

export function reviewHandlers(review: ReviewService): Pick<IpcHandlers, ReviewMethods> {
  return {
    getWorkspaceSummary: () => review.summary(),
    getQueuePage: ({ offset, limit }) => review.queuePage(offset, limit),
    findInQueue: (casePk) => review.queuePosition(casePk),
    getCase: (casePk) => review.caseDetail(casePk),
    decide: (request) => review.decide(request)
  }
}
