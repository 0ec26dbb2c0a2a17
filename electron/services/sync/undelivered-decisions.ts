import { AppError } from '../../../shared/ipc/errors'
import type { UndeliveredDecision } from '../../../shared/ipc/undelivered'
import type { Repositories } from '../db/repositories'
import type { CasesRepository } from '../db/repositories/cases-repository'
import { canRedo, type OutboxRepository } from '../db/repositories/outbox-repository'

/**
 * The reviewer's own queue of decisions their backend did not apply ("your decision on X was
 * not applied: the case was reassigned"). Nothing is dropped silently: each stays listed until the
 * reviewer redoes it (the case returns to the queue for a new decision) or discards it.
 */
export class UndeliveredDecisions {
  private readonly outbox: OutboxRepository
  private readonly cases: CasesRepository

  constructor(private readonly repositories: Pick<Repositories, 'outbox' | 'cases' | 'inTransaction'>) {
    this.outbox = repositories.outbox
    this.cases = repositories.cases
  }

  list(): UndeliveredDecision[] {
    return this.outbox.undelivered()
  }

  /** Returns the case's pk, for the UI to open it. */
  resolve(decisionId: string, action: 'redo' | 'discard'): number {
    return this.repositories.inTransaction(() => {
      const item = this.outbox.get(decisionId)
      if (!item || (item.state !== 'conflict' && item.state !== 'rejected')) {
        throw new AppError('not-found', 'That decision is not waiting for a choice (it may have been resolved already).')
      }
      const code = item.outcomeCode
      if (action === 'redo' && !canRedo(code)) {
        const why =
          code === 'agent-failed'
            ? 'The agent took this decision, then its run failed'
            : code === 'unverified'
              ? 'Countersign cannot tell whether the agent took this decision, and deciding again could answer twice'
              : `The case was ${code?.replace('-', ' ')}`
        throw new AppError('not-yours', `${why}; it is no longer yours to decide, so the decision can only be discarded.`)
      }
      this.outbox.resolve(decisionId, action === 'redo' ? 'redone' : 'discarded', new Date().toISOString())
      // The case goes back to what its backend says: still open for us, or gone from the queue.
      const state = code === 'reassigned' ? 'reassigned' : code === 'withdrawn' || code === 'already-decided' || code === 'agent-failed' || code === 'unverified' ? 'withdrawn' : 'pending'
      this.cases.setState(item.casePk, state)
      return item.casePk
    })
  }
}
