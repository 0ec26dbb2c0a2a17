import type { Case } from '../../../shared/domain/case'
import { rebaseDraft, type RebasedDraft } from '../../../shared/domain/draft-rebase'
import { editedPartName } from '../../../shared/domain/proposal-fields'
import type { CaseDetail } from '../../../shared/ipc/views'
import type { AppState } from './index'

// What becomes of the reviewer's edits when the copy of the case they were made on is replaced (a
// revision from a sync, or one that came while no window held them): carried onto the new copy
// (`rebaseDraft`), or set aside, and the case's notice that says which.

/** What the notice of a case its backend revised says of it, and of the reviewer's edits (`rebased`, if they had any). */
function revisedNotice(fresh: CaseDetail, open: boolean, rebased: RebasedDraft | undefined): string {
  const said = `${fresh.workspaceName} updated this case ${open ? 'while you had it open' : 'after you edited it'} (now revision ${fresh.reviewCase.revision}).`
  if (!rebased) return said
  const setAside = Object.keys(rebased.setAside)
  if (setAside.length > 0) {
    const names = new Intl.ListFormat('en-GB').format(setAside.map((path) => editedPartName(fresh.reviewCase, path)))
    return `${said} It changed what you had edited: your edits to ${names} are set aside, not applied; they are below.${rebased.merged.length > 0 ? ' Your other edits are carried over onto its changes: check them.' : ''}`
  }
  if (rebased.merged.length > 0) return `${said} Your edits are carried over onto its changes: check them before you decide.`
  return Object.keys(rebased.draft).length > 0 ? `${said} Your edits are kept: it changed nothing you had edited.` : `${said} It made the edits you had made.`
}
/**
 * The reviewer's `draft` of a case, made on copy `before`, carried onto its copy `fresh`
 * (`rebaseDraft`): the store's drafts and set-aside edits with it (unchanged when there is no
 * draft), and the case's notice saying what became of the edits (`revisedNotice`).
 */
export function carriedOnto(
  { drafts, setAsideEdits }: Pick<AppState, 'drafts' | 'setAsideEdits'>,
  before: Case,
  fresh: CaseDetail,
  draft: Readonly<Record<string, string>> | undefined,
  open: boolean
): { state: Pick<Partial<AppState>, 'drafts' | 'setAsideEdits'>; notice: string } {
  const rebased = draft && rebaseDraft(before, fresh.reviewCase, draft)
  const notice = revisedNotice(fresh, open, rebased)
  if (!rebased) return { state: {}, notice }
  const casePk = fresh.casePk
  const state: Pick<Partial<AppState>, 'drafts' | 'setAsideEdits'> = { drafts: new Map(drafts) }
  if (Object.keys(rebased.draft).length > 0) state.drafts!.set(casePk, rebased.draft)
  else state.drafts!.delete(casePk)
  if (Object.keys(rebased.setAside).length > 0) state.setAsideEdits = new Map(setAsideEdits).set(casePk, { ...setAsideEdits.get(casePk), ...rebased.setAside })
  return { state, notice }
}

/**
 * `carriedOnto` for edits kept from an earlier window, made on copy `base`: when that copy no
 * longer reads as a case (stored by an earlier version, or damaged) or cannot be carried from,
 * none of the edits is applied — they are all set aside, and the notice says why.
 */
export function carriedFromStored(
  stores: Pick<AppState, 'drafts' | 'setAsideEdits'>,
  base: Case | 'unreadable',
  fresh: CaseDetail,
  edits: Record<string, string>
): ReturnType<typeof carriedOnto> {
  // Only edits set aside before (or of parts the case no longer has): nothing to carry.
  if (Object.keys(edits).length === 0) return { state: {}, notice: revisedNotice(fresh, false, undefined) }
  if (base !== 'unreadable') {
    try {
      return carriedOnto(stores, base, fresh, edits, false)
    } catch {
      // A copy that reads as a case yet cannot be compared part by part: as unreadable.
    }
  }
  const drafts = new Map(stores.drafts)
  drafts.delete(fresh.casePk)
  const setAsideEdits = new Map(stores.setAsideEdits).set(fresh.casePk, { ...stores.setAsideEdits.get(fresh.casePk), ...edits })
  const notice = `${fresh.workspaceName} updated this case after you edited it (now revision ${fresh.reviewCase.revision}). The copy you edited can no longer be read, so your edits are not applied: they are set aside, below.`
  return { state: { drafts, setAsideEdits }, notice }
}

/**
 * The store's set-aside edits with those of a draft kept from an earlier window (`stored`) added,
 * for a case this window has edited already (it answered late, and the reviewer began again):
 * the stored edits that differ from the window's are set aside, not lost; set-aside edits already
 * shown stay as they are.
 */
export function setAsideBeside(
  { drafts, setAsideEdits }: Pick<AppState, 'drafts' | 'setAsideEdits'>,
  casePk: number,
  stored: { edits: Record<string, string>; setAside: Record<string, string> }
): Pick<AppState, 'setAsideEdits'> {
  const current = drafts.get(casePk) ?? {}
  const differing = Object.fromEntries(Object.entries(stored.edits).filter(([path, value]) => current[path] !== value))
  const merged = { ...differing, ...stored.setAside, ...setAsideEdits.get(casePk) }
  return { setAsideEdits: Object.keys(merged).length > 0 ? new Map(setAsideEdits).set(casePk, merged) : setAsideEdits }
}
