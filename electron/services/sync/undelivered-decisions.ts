import { AppError } from '../../../shared/ipc/errors'
import type { UndeliveredDecision } from '../../../shared/ipc/undelivered'
import type { Db } from '../db/connection'
import { CasesRepository } from '../db/repositories/cases-repository'
import { canRedo, OutboxRepository } from '../db/repositories/outbox-repository'

/**
 * The reviewer's own queue of decisions their backend did not apply ("your decision on X was
 * not applied: the case was reassigned"). Nothing is dropped silently: each stays listed until the
 * reviewer redoes it (the case returns to the queue for a new decision) or discards it.
 */
export class UndeliveredDecisions {
  private readonly outbox: OutboxRepository
  private readonly cases: CasesRepository

  constructor(private readonly db: Db) {
    this.outbox = new OutboxRepository(db)
    this.cases = new CasesRepository(db)
  }

  list(): UndeliveredDecision[] {
    return this.outbox.undelivered()
  }

  /** Returns the case's pk, for the UI to open it. */
  resolve(decisionId: string, action: 'redo' | 'discard'): number {
    return this.db.transaction(() => {
      const item = this.outbox.get(decisionId)
      if (!item || (item.state !== 'conflict' && item.state !== 'rejected')) {
        throw new AppError('not-found', 'That decision is not waiting for a choice (it may have been resolved already).')
      }
      const code = item.outcome_code
      if (action === 'redo' && !canRedo(code)) {
        throw new AppError('not-yours', `The case was ${code?.replace('-', ' ')}; it is no longer yours to decide, so the decision can only be discarded.`)
      }
      this.outbox.resolve(decisionId, action === 'redo' ? 'redone' : 'discarded', new Date().toISOString())
      // The case goes back to what its backend says: still open for us, or gone from the queue.
      const state = code === 'reassigned' ? 'reassigned' : code === 'withdrawn' || code === 'already-decided' ? 'withdrawn' : 'pending'
      this.cases.setState(item.case_pk, state)
      return item.case_pk
    })()
  }
}
