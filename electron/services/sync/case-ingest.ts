import { caseSchema } from '../../../shared/domain/case'
import { parseStoredJson, stringifyJson } from '../../../shared/json/exact-json'
import type { RevisionSource } from '../backends/backend-adapter'
import type { Repositories } from '../db/repositories'
import type { CasesRepository, UpsertResult } from '../db/repositories/cases-repository'
import type { HoldsRepository } from '../db/repositories/holds-repository'
import type { QuarantineRepository } from '../db/repositories/sync-repositories'
import { caseLabel, prepareCase, rawCaseId, type IngestChange, type PreparedCase, type RejectedCase } from './case-prep/prepare-case'

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
   * of `changes[0]` in its page or bundle, for the positions messages name. A case whose content
   * changed without a higher revision is rejected (`fault` set) and the cached copy kept; see
   * `RevisionSource` for `revisions` (a backend numbered by the cache sends raw cases). `until` (a
   * `performance.now()` time): stop once it has passed, after at least one change; `applied` in the
   * report says how many were.
   */
  apply(
    workspaceId: string,
    changes: readonly IngestChange[],
    receivedAt: string,
    { firstIndex = 0, revisions = 'backend', until = Infinity }: { firstIndex?: number; revisions?: RevisionSource; until?: number } = {}
  ): IngestReport {
    const report: IngestReport = { inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, reassigned: 0, rejected: [], changedCasePks: [], leases: 0, applied: 0 }
    this.repositories.inTransaction(() => {
      // Usually empty: a valid case only needs releasing if an earlier copy was quarantined.
      const quarantined = this.quarantine.caseIds(workspaceId)
      for (const [position, raw] of changes.entries()) {
        if (position > 0 && performance.now() >= until) break
        report.applied += 1
        const index = firstIndex + position
        const change = raw.type !== 'case' ? raw : revisions === 'cache' ? this.numbered(workspaceId, raw.case, index) : prepareCase(raw.case, index)
        if (change.type === 'lease') {
          const expiresAt = change.expiresAt === null ? null : Date.parse(change.expiresAt)
          if (this.holds.applyChange(workspaceId, change.caseId, { ...change, expiresAt }, Date.parse(receivedAt)) !== undefined) report.leases += 1
          continue
        }
        if (change.type === 'withdrawn' || change.type === 'reassigned') {
          const state = change.type
          const reason = change.type === 'withdrawn' ? change.reason : change.assignee
          const casePk = this.cases.endIfPending(workspaceId, change.caseId, state, reason ?? null)
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
        const item = { workspaceId, reviewCase: summary, body, contentHash }
        const outcome = this.cases.upsert(item, receivedAt)
        let result: UpsertResult = outcome.result === 'refused' ? 'unchanged' : outcome.result
        if (outcome.result === 'refused') {
          const stored = this.storedCopy(outcome.casePk)
          if (stored === null && outcome.storedRevision === summary.revision && outcome.storedState === 'pending') {
            // The pending copy breaks a rule added since it was stored: the backend's valid copy at
            // its revision corrects it (no change of the backend's). A decided case keeps the copy
            // its decision was made on; an older revision is refused as ever. The renderer shows
            // the new copy as changed (its content hash), and times the reaction from it anew.
            this.cases.replace(outcome.casePk, item, receivedAt)
            result = 'updated'
          } else if (stored !== (typeof body === 'string' ? body : UTF8.decode(body))) {
            const fault = revisionFault(caseLabel(index, summary.id), summary.revision, outcome.storedRevision)
            report.rejected.push({ index, caseId: summary.id, ...fault })
            this.quarantine.put(workspaceId, summary.id, fault.message, receivedAt)
            continue
          }
        }
        if (quarantined.has(summary.id)) this.quarantine.release(workspaceId, summary.id)
        report[result] += 1
        if (result !== 'unchanged') report.changedCasePks.push(outcome.casePk)
      }
    })
    return report
  }

  /**
   * A raw case numbered by the cache, validated and prepared (`prepareCase`): the stored revision
   * if its content is the same, else one higher (1 when none is stored).
   */
  private numbered(workspaceId: string, raw: unknown, index: number): PreparedCase | RejectedCase {
    const caseId = rawCaseId(raw)
    const stored = caseId === null ? undefined : this.cases.stored(workspaceId, caseId)
    if (!stored) return prepareCase(raw, index, { cacheRevision: 1 })
    const same = prepareCase(raw, index, { cacheRevision: stored.revision })
    return same.type === 'prepared-case' && same.contentHash !== stored.contentHash ? prepareCase(raw, index, { cacheRevision: stored.revision + 1 }) : same
  }

  /**
   * The stored copy as this version of the app writes a case (`stringifyJson` of it validated), to
   * compare with a body received: a copy cached by an earlier version may be spelled differently
   * (key order, defaults) yet hold the same content. Null when it breaks this version's rules.
   */
  private storedCopy(casePk: number): string | null {
    const stored = caseSchema.safeParse(parseStoredJson(this.cases.body(casePk) ?? 'null'))
    return stored.success ? stringifyJson(stored.data) : null
  }
}

const UTF8 = new TextDecoder()

/** The message for a case whose content changed without a higher revision than `stored`. */
function revisionFault(label: string, revision: number, stored: number): { fault: RevisionFault; message: string } {
  const kept = 'the copy received before is kept, and a decision is only recorded on what you were shown'
  return revision === stored
    ? { fault: 'revision-reused', message: `${label} changed under revision ${revision} without a new revision; ${kept}` }
    : { fault: 'revision-backwards', message: `${label} came back at revision ${revision}, older than revision ${stored} already received; ${kept}` }
}
