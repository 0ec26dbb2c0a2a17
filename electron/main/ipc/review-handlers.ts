import type { KeymapService } from '../../services/review/keymap-service'
import type { ReactionTimeSetting } from '../../services/review/reaction-time-setting'
import type { ReviewService } from '../../services/review/review-service'
import type { IpcHandlers } from './dispatch'

type ReviewMethods =
  | 'getWorkspaceSummary'
  | 'getQueuePage'
  | 'findInQueue'
  | 'getCase'
  | 'decide'
  | 'undoLast'
  | 'getKeymap'
  | 'bindKey'
  | 'resetKeymap'
  | 'getReactionTimeMs'
  | 'setReactionTimeMs'

export function reviewHandlers(review: ReviewService, keymap: KeymapService, reactionTime: ReactionTimeSetting): Pick<IpcHandlers, ReviewMethods> {
  return {
    getWorkspaceSummary: () => review.summary(),
    getQueuePage: ({ offset, limit, filter }) => review.queuePage(offset, limit, filter),
    findInQueue: (casePk, filter) => review.queuePosition(casePk, filter),
    getCase: (casePk) => review.caseDetail(casePk),
    decide: (request) => review.decide(request),
    undoLast: () => review.undoLast(),
    getKeymap: () => keymap.get(),
    bindKey: (id, keys) => keymap.bind(id, keys),
    resetKeymap: () => keymap.reset(),
    getReactionTimeMs: () => reactionTime.get(),
    setReactionTimeMs: (ms) => reactionTime.set(ms)
  }
}
