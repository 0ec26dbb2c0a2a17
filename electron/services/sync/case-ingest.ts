import type { Repositories } from '../db/repositories'
import type { CasesRepository, UpsertResult } from '../db/repositories/cases-repository'
import type { HoldsRepository } from '../db/repositories/holds-repository'
import type { QuarantineRepository } from '../db/repositories/sync-repositories'
import { prepareCase, type IngestChange } from './case-prep/prepare-case'

export interface CaseRejection {
  /** Position of the change in the batch. */
  index: number
  caseId: string | null
  message: string
}

export interface IngestReport {
  inserted: number
  updated: number
  unchanged: number
  withdrawn: number
  reassigned: number
  rejected: CaseRejection[]
  /** Cases whose cached content or state changed, for the UI to refresh. */
  changedCasePks: number[]
  /** Claims taken or released on cached cases (Review API 1.1 lease changes). */
  leases: number
  /** Changes applied: all of them, or the first ones when the time given ran out. */
  applied: number
}

/**
 * Applies a batch of case changes from one backend to the cache, in one transaction: every case
 * is validated on its own, and one that fails is quarantined with a message naming it and the
 * field, while the rest apply. Withdrawals and reassignments take pending cases off the queue.
 */
export class CaseIngest {
  private readonly cases: CasesRepository
  private readonly quarantine: QuarantineRepository
  private readonly holds: HoldsRepository

  constructor(private readonly repositories: Pick<Repositories, 'cases' | 'holds' | 'quarantine' | 'inTransaction'>) {
    this.cases = repositories.cases
    this.holds = repositories.holds
    this.quarantine = repositories.quarantine
  }

  /**
   * `changes` may hold raw cases (validated here, on this thread) or cases already prepared in a
   * worker thread (`prepareCase`), which then cost only their SQL here. `firstIndex`: the position
   * of `changes[0]` in its page or bundle, for the positions messages name. `until` (a
   * `performance.now()` time): stop once it has passed, after at least one change; `applied` in
   * the report says how many were.
   */
  apply(workspaceId: string, changes: readonly IngestChange[], receivedAt: string, firstIndex = 0, until = Infinity): IngestReport {
    const report: IngestReport = { inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, reassigned: 0, rejected: [], changedCasePks: [], leases: 0, applied: 0 }
    this.repositories.inTransaction(() => {
      // Usually empty: a valid case only needs releasing if an earlier copy was quarantined.
      const quarantined = this.quarantine.caseIds(workspaceId)
      for (const [position, raw] of changes.entries()) {
        if (position > 0 && performance.now() >= until) break
        report.applied += 1
        const change = raw.type === 'case' ? prepareCase(raw.case, firstIndex + position) : raw
        const index = firstIndex + position
        if (change.type === 'lease') {
          const expiresAt = change.expiresAt === null ? null : Date.parse(change.expiresAt)
          if (this.holds.applyChange(workspaceId, change.caseId, { ...change, expiresAt }, Date.parse(receivedAt)) !== undefined) report.leases += 1
          continue
        }
        if (change.type === 'withdrawn' || change.type === 'reassigned') {
          const state = change.type
          const casePk = this.cases.endIfPending(workspaceId, change.caseId, state)
          if (casePk !== undefined) {
            report[state] += 1
            report.changedCasePks.push(casePk)
          }
          continue
        }
        if (change.type === 'rejected-case') {
          report.rejected.push({ index, caseId: change.caseId, message: change.message })
          if (change.caseId !== null) this.quarantine.put(workspaceId, change.caseId, change.message, receivedAt)
          continue
        }
        const { summary, body, contentHash } = change
        const { result, casePk } = this.cases.upsert({ workspaceId, reviewCase: summary, body, contentHash }, receivedAt)
        if (quarantined.has(summary.id)) this.quarantine.release(workspaceId, summary.id)
        report[result satisfies UpsertResult] += 1
        if (result !== 'unchanged') report.changedCasePks.push(casePk)
      }
    })
    return report
  }
}
