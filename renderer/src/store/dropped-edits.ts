import type { AppState } from './index'

// Dropping the reviewer's edits to a case (the proposal as sent again), and bringing them back:
// after a reload or a restart the editor has no undo history, so without this the only way back
// to the proposal as sent was to retype it.

/** Edits dropped from a case (`droppedFrom`), kept in the window to bring back (`broughtBack`). */
export interface DroppedEdits {
  /** The copy of the case they were made on: its revision and content hash. */
  revision: number
  contentHash: string
  /** The edits (path → value), and the edits a revision had set aside beside them. */
  edits: Readonly<Record<string, string>>
  setAside: Readonly<Record<string, string>>
  /** The case's notice of a revision, which spoke of them (carried over, set aside), if it had one. */
  notice: string | undefined
}

type EditsState = Pick<AppState, 'cases' | 'drafts' | 'setAsideEdits' | 'droppedEdits' | 'caseNotices' | 'shownCase'>
type EditsChange = Pick<Partial<AppState>, 'drafts' | 'setAsideEdits' | 'droppedEdits' | 'caseNotices' | 'shownCase'>

/**
 * The store with case `casePk`'s edits and set-aside edits dropped and kept in `droppedEdits`
 * (replacing any dropped from it before); null when the case holds none, is not cached, or has
 * left the queue (nothing of it can be decided). A notice of a revision on it, which says what
 * became of the edits, then says only that it was revised.
 * The case on screen, if it is this one, is timed anew: what a decision records changed.
 */
export function droppedFrom(state: EditsState, casePk: number): EditsChange | null {
  const detail = state.cases.get(casePk)
  const edits = state.drafts.get(casePk) ?? {}
  const setAside = state.setAsideEdits.get(casePk) ?? {}
  if (!detail || detail.state !== 'pending' || (Object.keys(edits).length === 0 && Object.keys(setAside).length === 0)) return null
  const drafts = new Map(state.drafts)
  drafts.delete(casePk)
  const setAsideEdits = new Map(state.setAsideEdits)
  setAsideEdits.delete(casePk)
  const { revision } = detail.reviewCase
  const notice = state.caseNotices.get(casePk)
  const caseNotices = notice === undefined ? state.caseNotices : new Map(state.caseNotices).set(casePk, `${detail.workspaceName} updated this case (now revision ${revision}).`)
  const droppedEdits = new Map(state.droppedEdits).set(casePk, { revision, contentHash: detail.contentHash, edits, setAside, notice })
  return { drafts, setAsideEdits, droppedEdits, caseNotices, ...timedAnew(state, casePk) }
}

/**
 * The store with the edits dropped from case `casePk` back as its draft and set-aside edits, and
 * its notice as it was, or why they cannot come back (a sentence for the status bar): none were
 * dropped from it (or it was edited anew since, which ends them: `setDraft`), it has left the
 * queue (withdrawn, reassigned or decided elsewhere while open), it holds edits it
 * gained otherwise (an undo, edits kept by another window), or its cached copy is no longer the
 * one they were made on (a revision came: they would be edits of text that is not there).
 */
export function broughtBack(state: EditsState, casePk: number): EditsChange | string {
  const dropped = state.droppedEdits.get(casePk)
  if (!dropped) return 'No edits were dropped from this case in this window: there are none to bring back.'
  if (state.drafts.has(casePk) || state.setAsideEdits.has(casePk)) return 'This case holds other edits now: drop those first to bring yours back.'
  const detail = state.cases.get(casePk)
  if (detail && detail.state !== 'pending') return 'This case has left your queue: nothing of it can be decided, so its edits do not come back.'
  if (detail?.reviewCase.revision !== dropped.revision || detail.contentHash !== dropped.contentHash) {
    return `The dropped edits were made on revision ${dropped.revision}, and the case has changed since: they cannot come back onto it.`
  }
  const drafts = Object.keys(dropped.edits).length > 0 ? new Map(state.drafts).set(casePk, { ...dropped.edits }) : state.drafts
  const setAsideEdits = Object.keys(dropped.setAside).length > 0 ? new Map(state.setAsideEdits).set(casePk, { ...dropped.setAside }) : state.setAsideEdits
  const caseNotices = dropped.notice === undefined ? state.caseNotices : new Map(state.caseNotices).set(casePk, dropped.notice)
  return { drafts, setAsideEdits, droppedEdits: withoutCase(state.droppedEdits, casePk), caseNotices, ...timedAnew(state, casePk) }
}

/** `droppedEdits` without those of case `casePk` (the same map when it has none): brought back, decided, or edited anew. */
export function withoutCase(droppedEdits: ReadonlyMap<number, DroppedEdits>, casePk: number): Map<number, DroppedEdits> {
  if (!droppedEdits.has(casePk)) return droppedEdits as Map<number, DroppedEdits>
  const rest = new Map(droppedEdits)
  rest.delete(casePk)
  return rest
}

/** The shown case timed from now if it is `casePk`: a decision key counts once the change has been seen. */
function timedAnew({ shownCase }: EditsState, casePk: number): Pick<Partial<AppState>, 'shownCase'> {
  return shownCase?.casePk === casePk ? { shownCase: { ...shownCase, at: performance.now() } } : {}
}
