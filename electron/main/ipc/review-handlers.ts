import type { AppServices } from '../../services/app-services'
import type { IpcHandlers } from './dispatch'

type ReviewMethods =
  | 'getWorkspaceSummary'
  | 'getQueuePage'
  | 'findInQueue'
  | 'getCase'
  | 'listDrafts'
  | 'saveDraft'
  | 'decide'
  | 'undoLast'
  | 'getKeymap'
  | 'bindKey'
  | 'resetKeymap'
  | 'getReactionTimeMs'
  | 'setReactionTimeMs'

export function reviewHandlers({ review, drafts, keymap, reactionTime, ready, secrets }: AppServices): Pick<IpcHandlers, ReviewMethods> {
  return {
    // After the startup checks, so that their problems (no keychain, no usable key) are in it.
    getWorkspaceSummary: async () => {
      await ready
      return { ...review.summary(), secretStorage: secrets.storage }
    },
    getQueuePage: ({ offset, limit, filter, detailAt, around }) => review.queuePage(offset, limit, filter, detailAt, around),
    findInQueue: (casePk, filter) => review.queuePosition(casePk, filter),
    getCase: (casePk) => review.caseDetail(casePk),
    listDrafts: () => drafts.list(),
    saveDraft: (casePk, baseHash, edits, setAside) => drafts.save(casePk, baseHash, edits, setAside),
    decide: (request) => review.decide(request),
    undoLast: () => review.undoLast(),
    getKeymap: () => keymap.get(),
    bindKey: (id, keys) => keymap.bind(id, keys),
    resetKeymap: () => keymap.reset(),
    getReactionTimeMs: () => reactionTime.get(),
    setReactionTimeMs: (ms) => reactionTime.set(ms)
  }
}
