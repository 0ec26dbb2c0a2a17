import type { Case } from '../../../shared/domain/case'
import { editedValuesSchema } from '../../../shared/domain/decision'
import { parseStoredJson } from '../../../shared/json/exact-json'
import type { CaseDetail, StoredDraft } from '../../../shared/ipc/views'
import type { DraftsRepository } from '../db/repositories/drafts-repository'

/**
 * The reviewer's undecided edits, kept in the cache as they are typed (the window saves each
 * case's draft shortly after its last change), so that a reload of the window, a crash or a
 * restart gives them back. Recording a decision on a case removes its draft in the same
 * transaction (`ReviewService.decide`).
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
   * `baseHash` (`CaseDetail.contentHash` of the copy the window edited); no edits removes it.
   * `kept` is false when nothing was kept: the case is no longer pending (decided, withdrawn,
   * reassigned), or the cache holds neither that copy nor a draft on it — the window has yet to
   * carry the edits onto the copy a sync brought, and saves them again once it has.
   */
  save(casePk: number, baseHash: string, edits: Record<string, string>): { kept: boolean } {
    if (Object.keys(edits).length === 0) {
      this.drafts.remove(casePk)
      return { kept: true }
    }
    return { kept: this.drafts.save(casePk, baseHash, JSON.stringify(edits), this.now().toISOString()) }
  }

  /**
   * The drafts of pending cases, in case order, each with its case as cached and the copy its
   * edits were made on when that is another (`StoredDraft.base`). A stored draft whose edits no
   * longer read as edits is left out (and left stored).
   */
  list(): StoredDraft[] {
    const drafts: StoredDraft[] = []
    for (const row of this.drafts.pending()) {
      const edits = readEdits(row.edits)
      if (!edits) continue
      const base = row.baseBody === null ? null : (parseStoredJson(row.baseBody) as Case)
      drafts.push({ detail: this.caseDetail(row.casePk), edits, base })
    }
    return drafts
  }
}

/** Edits as `save` stored them (JSON of part path → value); null when the text is not that. */
function readEdits(json: string): Record<string, string> | null {
  try {
    const edits = editedValuesSchema.safeParse(JSON.parse(json))
    return edits.success ? edits.data : null
  } catch {
    return null
  }
}
