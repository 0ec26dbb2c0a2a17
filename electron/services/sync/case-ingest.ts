import { caseSchema, type Case } from '../../../shared/domain/case'
import { describeIssues } from '../../../shared/domain/validation-message'
import type { CaseChange } from '../../../shared/review-api/protocol'
import type { RevisionSource } from '../backends/backend-adapter'
import type { Repositories } from '../db/repositories'
import type { CaseToStore, CasesRepository, UpsertResult } from '../db/repositories/cases-repository'
import type { HoldsRepository } from '../db/repositories/holds-repository'
import type { QuarantineRepository } from '../db/repositories/sync-repositories'
import { sha256Hex } from '../hashing'

export interface CaseRejection {
  /** Position of the change in the batch. */
  index: number
  caseId: string | null
  message: string
  /**
   * Set when the case was valid but broke the rule that its content changes only with a higher
   * revision: `revision-reused` (other content under the stored revision) or `revision-backwards`.
   */
  fault?: RevisionFault
}

export type RevisionFault = 'revision-reused' | 'revision-backwards'


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
   * `firstIndex`: the position of `changes[0]` in its page or bundle, for the positions messages
   * name. A case whose content changed without a higher revision is rejected (`fault` set) and the
   * cached copy kept; see `RevisionSource` for `revisions`.
   */
  apply(workspaceId: string, changes: readonly CaseChange[], receivedAt: string, firstIndex = 0, revisions: RevisionSource = 'backend'): IngestReport {
    const report: IngestReport = { inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, reassigned: 0, rejected: [], changedCasePks: [], leases: 0 }
    this.repositories.inTransaction(() => {
      // Usually empty: a valid case only needs releasing if an earlier copy was quarantined.
      const quarantined = this.quarantine.caseIds(workspaceId)
      changes.forEach((change, position) => {
        const index = firstIndex + position
        if (change.type === 'lease') {
          const expiresAt = change.expiresAt === null ? null : Date.parse(change.expiresAt)
          if (this.holds.applyChange(workspaceId, change.caseId, { ...change, expiresAt }, Date.parse(receivedAt)) !== undefined) report.leases += 1
          return
        }
        if (change.type !== 'case') {
          const state = change.type
          const casePk = this.cases.endIfPending(workspaceId, change.caseId, state)
          if (casePk !== undefined) {
            report[state] += 1
            report.changedCasePks.push(casePk)
          }
          return
        }
        const caseId = rawCaseId(change.case)
        const parsed = caseSchema.safeParse(change.case, { reportInput: true })
        if (!parsed.success) {
          const message = `${caseLabel(index, caseId)}: ${describeIssues(parsed.error)}`
          report.rejected.push({ index, caseId, message })
          if (caseId !== null) this.quarantine.put(workspaceId, caseId, message, receivedAt)
          return
        }
        const item = revisions === 'cache' ? this.numbered(workspaceId, parsed.data) : toStore(workspaceId, parsed.data)
        const outcome = this.cases.upsert(item, receivedAt)
        if (outcome.result === 'refused' && !this.sameContent(outcome.casePk, item.body)) {
          const fault = revisionFault(caseLabel(index, parsed.data.id), parsed.data.revision, outcome.storedRevision)
          report.rejected.push({ index, caseId: parsed.data.id, ...fault })
          this.quarantine.put(workspaceId, parsed.data.id, fault.message, receivedAt)
          return
        }
        if (quarantined.has(parsed.data.id)) this.quarantine.release(workspaceId, parsed.data.id)
        const result: UpsertResult = outcome.result === 'refused' ? 'unchanged' : outcome.result
        report[result] += 1
        if (result !== 'unchanged') report.changedCasePks.push(outcome.casePk)
      })
    })
    return report
  }

  /** The case numbered by the cache: the stored revision if its content is the same, else one higher. */
  private numbered(workspaceId: string, reviewCase: Case): CaseToStore {
    const stored = this.cases.stored(workspaceId, reviewCase.id)
    if (!stored) return toStore(workspaceId, { ...reviewCase, revision: 1 })
    const same = toStore(workspaceId, { ...reviewCase, revision: stored.revision })
    return same.contentHash === stored.contentHash ? same : toStore(workspaceId, { ...reviewCase, revision: stored.revision + 1 })
  }

  /**
   * Whether the stored copy says the same as `body`, read by this version of the app: a copy cached
   * by an earlier version may be spelled differently (key order, defaults) yet hold the same content.
   */
  private sameContent(casePk: number, body: string): boolean {
    const stored = caseSchema.safeParse(JSON.parse(this.cases.body(casePk) ?? 'null'))
    return stored.success && JSON.stringify(stored.data) === body
  }
}

/**
 * A validated case as cached: plain JSON (the schema fixes the key order) and its hash. Canonical
 * JSON is only needed for the one case a decision is made on, and costs a third of the ingest when
 * done for every case.
 */
function toStore(workspaceId: string, reviewCase: Case): CaseToStore {
  const body = JSON.stringify(reviewCase)
  return { workspaceId, reviewCase, body, contentHash: sha256Hex(body) }
}

/** The message for a case whose content changed without a higher revision than `stored`. */
function revisionFault(label: string, revision: number, stored: number): { fault: RevisionFault; message: string } {
  const kept = 'the copy received before is kept, and a decision is only recorded on what you were shown'
  return revision === stored
    ? { fault: 'revision-reused', message: `${label} changed under revision ${revision} without a new revision; ${kept}` }
    : { fault: 'revision-backwards', message: `${label} came back at revision ${revision}, older than revision ${stored} already received; ${kept}` }
}

function rawCaseId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : null
}

export function caseLabel(index: number, caseId: string | null): string {
  return caseId === null ? `case #${index + 1} (no id)` : `case "${caseId}" (#${index + 1})`
}
