import { caseSchema, type Case } from '../../../shared/domain/case'
import { editedValuesSchema } from '../../../shared/domain/decision'
import { editableFields } from '../../../shared/domain/proposal-fields'
import { parseStoredJson } from '../../../shared/json/exact-json'
import type { CaseDetail, DraftSaveResult, StoredDraft } from '../../../shared/ipc/views'
import type { DraftsRepository } from '../db/repositories/drafts-repository'

/**
 * The reviewer's undecided edits, kept in the cache as they are made (the window saves each
 * case's draft shortly after it changes, `keepDraftsSaved`), so that a reload of the window, a
 * crash or a restart gives them back. Recording a decision on a case removes its draft in the
 * same transaction (`ReviewService.decide`).
 */
export class ReviewDrafts {
  constructor(
    private readonly drafts: DraftsRepository,
    /** The cached case's details (`ReviewService.caseDetail`). */
    private readonly caseDetail: (casePk: number) => CaseDetail,
    private readonly now: () => Date = () => new Date()
  ) {}

  /**
   * Keeps `edits` as the draft of case `casePk`, made on the copy whose content hash is
   * `baseHash` (`CaseDetail.contentHash` of the copy the window edited), with the edits a
   * revision set aside (`setAside`, shown, not applied); neither removes the draft of a case in
   * the queue (one that left it keeps its draft: a rejection takes no edits, and its undo gives
   * them back). Nothing is
   * kept when the case is not in the queue (decided, perhaps in another window; withdrawn;
   * reassigned; deferred; its backend removed), or the cache holds neither that copy nor a draft
   * on it: the window has yet to carry the edits onto the copy a sync brought, and saves them
   * again once it has (`DraftSaveResult.reason` says which).
   */
  save(casePk: number, baseHash: string, edits: Record<string, string>, setAside: Record<string, string>): DraftSaveResult {
    const now = this.now()
    if (Object.keys(edits).length === 0 && Object.keys(setAside).length === 0) {
      this.drafts.discard(casePk, now.getTime())
      return { kept: true }
    }
    const outcome = this.drafts.save(casePk, baseHash, JSON.stringify(edits), JSON.stringify(setAside), now.toISOString(), now.getTime())
    return outcome === 'kept' ? { kept: true } : { kept: false, reason: outcome }
  }

  /**
   * The drafts of cases in the queue, in case order, each with its case as cached and the copy
   * its edits were made on when that is another (`StoredDraft.base`). Edits of parts that copy
   * does not have are left out (a decision would refuse them). A stored draft that cannot be read
   * (its edits no longer read as edits, its case no longer reads) is left out, and left stored;
   * the others still come back.
   */
  list(): StoredDraft[] {
    const drafts: StoredDraft[] = []
    for (const row of this.drafts.inQueue(this.now().getTime())) {
      const edits = readEdits(row.edits)
      if (!edits) continue
      let detail: CaseDetail
      try {
        detail = this.caseDetail(row.casePk)
      } catch {
        continue
      }
      const base = row.baseBody === null ? null : readCase(row.baseBody)
      drafts.push({ detail, edits: partsOf(base ?? detail.reviewCase, edits), setAside: readEdits(row.setAside) ?? {}, base })
    }
    return drafts
  }
}

/** Edits as `ReviewDrafts.save` stored them (JSON of part path → value); null when the text is not that. */
export function readEdits(json: string): Record<string, string> | null {
  try {
    const edits = editedValuesSchema.safeParse(JSON.parse(json))
    return edits.success ? edits.data : null
  } catch {
    return null
  }
}

/** A copy of a case as stored, checked by this version's rules (`caseSchema`); 'unreadable' when it is not JSON or breaks them. */
function readCase(json: string): Case | 'unreadable' {
  try {
    const parsed = caseSchema.safeParse(parseStoredJson(json))
    return parsed.success ? parsed.data : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

/** The edits of parts `copy` has (`editableFields`); all of them when the copy is unreadable (the window then applies none). */
function partsOf(copy: Case | 'unreadable', edits: Record<string, string>): Record<string, string> {
  if (copy === 'unreadable') return edits
  const parts = editableFields(copy)
  return Object.fromEntries(Object.entries(edits).filter(([path]) => path in parts))
}
