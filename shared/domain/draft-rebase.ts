import { diffArrays } from 'diff'
import type { Case } from './case'
import { editableFields } from './proposal-fields'

/** A draft (the reviewer's edits, path → value, as `editableFields` names the paths) carried onto a new revision of its case. */
export interface RebasedDraft {
  /** The edits that still apply to the new revision: those on parts it left alone, and free text merged with its changes. */
  draft: Record<string, string>
  /** Paths of free text the new revision changed elsewhere: the reviewer's edits merged with those changes, to be checked. */
  merged: string[]
  /** Edits on what the new revision changed too (the same lines, or a field's value): not applied, kept to show, path → the reviewer's value. */
  setAside: Record<string, string>
}

/**
 * Carries the reviewer's edits of revision `before` onto revision `after` of the same case, so
 * that approving never signs the old text over the backend's change unseen. An edited part the
 * new revision left as it was keeps its edit. Free text (a draft, a proposed rule) that both
 * changed is merged line by line, three ways as `diff3` and git do: the old value is the base,
 * the reviewer's edit and the new value the two sides, each diffed from it with jsdiff's
 * `diffArrays` (bounded, see `MERGE_BOUND`); each line keeps its own ending, save where the
 * revision changed the text's line ending, which the reviewer's lines then take. Edits on the
 * same lines as the backend's change, and edits of a value (a field, a merge's choice) the
 * backend changed, are set aside, and so is a merge's choice of a record whose value the backend
 * changed. A part the new revision no longer has sets its edit aside too.
 */
export function rebaseDraft(before: Case, after: Case, draft: Readonly<Record<string, string>>): RebasedDraft {
  const base = editableFields(before)
  const next = editableFields(after)
  const rebased: RebasedDraft = { draft: {}, merged: [], setAside: {} }
  for (const [path, edited] of Object.entries(draft)) {
    const was = base[path]?.value
    const now = next[path]
    if (now && now.value === was && chosenValue(before, path, edited) === chosenValue(after, path, edited)) {
      rebased.draft[path] = edited
      continue
    }
    // The new revision made the very edit: nothing is left to carry.
    if (now?.value === edited) continue
    const merged = now?.freeText && was !== undefined ? mergeLines(edited, was, now.value) : null
    if (merged === null || merged === now!.value) rebased.setAside[path] = edited
    else {
      rebased.draft[path] = merged
      rebased.merged.push(path)
    }
  }
  return rebased
}

/**
 * What an edit of a merge's choice (`survivors.<field>`: a record id) keeps: that record's value
 * of the field, which a revision may change under the same choice; for other paths, nothing more
 * than the edit itself.
 */
function chosenValue(reviewCase: Case, path: string, edited: string): string | undefined {
  if (reviewCase.kind !== 'record-merge' || !path.startsWith('survivors.')) return edited
  return reviewCase.proposal.records.find((record) => record.id === edited)?.fields[path.slice('survivors.'.length)]
}

/**
 * The most a line merge looks for: edits (lines added or removed) from the old value to either
 * side, milliseconds per side, and characters per text. Beyond any, the edit is set aside rather
 * than the window held: jsdiff's Myers diff costs O((N + M) · D) for N and M lines and D edits,
 * and splitting a text into lines is linear in its length.
 */
const MERGE_BOUND = { maxEditLength: 2_000, timeout: 60 }
const MERGE_MAX_CHARS = 256_000

/** One side's change to the old value: its lines `[start, end)` replaced by `lines`. */
interface Hunk {
  start: number
  end: number
  lines: string[]
  side: 'ours' | 'theirs'
}

/**
 * `ours` and `theirs`, both changed from `base`, merged by lines: each side's changes applied to
 * the lines it alone changed. Null where the two touch the same lines (`clash`) — even with the
 * same change: among repeated lines (blank ones, list items) the diff may place a change on a
 * line other than the one edited, and taking two such changes for one would drop one — or where
 * a text or either diff is beyond `MERGE_BOUND`. Lines are compared without their endings, so a
 * revision that only turned LF into CRLF changes no line: the lines both kept come from `theirs`
 * (the reviewer's copy where only the reviewer changed its ending, as a last line given one), and
 * the reviewer's new lines take the revision's ending.
 */
function mergeLines(ours: string, base: string, theirs: string): string | null {
  if (Math.max(ours.length, base.length, theirs.length) > MERGE_MAX_CHARS) return null
  const baseLines = lines(base)
  const theirLines = lines(theirs)
  const ourHunks = hunks(baseLines, lines(ours), 'ours')
  const theirHunks = hunks(baseLines, theirLines, 'theirs')
  if (!ourHunks || !theirHunks) return null
  const applied: Hunk[] = []
  for (const hunk of [...ourHunks.hunks, ...theirHunks.hunks].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const previous = applied.at(-1)
    if (previous && clash(previous, hunk)) return null
    applied.push(hunk)
  }
  const theirEnding = lineEnding(theirs)
  const ourEnding = lineEnding(base) ?? lineEnding(ours)
  const ending = theirEnding ?? ourEnding ?? '\n'
  const convert = theirEnding !== null && theirEnding !== ourEnding
  const merged: string[] = []
  // A line is followed by another only through its ending: the old last line, which has none, gets one.
  const push = (line: string) => {
    if (merged.length > 0 && !ENDING.test(merged[merged.length - 1]!)) merged[merged.length - 1] += ending
    merged.push(line)
  }
  // A line both kept: the revision's copy, unless only the reviewer changed its ending.
  const kept = (at: number) => (theirHunks.kept[at] === baseLines[at] ? ourHunks.kept[at]! : theirHunks.kept[at]!)
  let at = 0
  for (const hunk of applied) {
    for (; at < hunk.start; at++) push(kept(at))
    for (const line of hunk.lines) push(hunk.side === 'ours' && convert ? withEnding(line, ending) : line)
    at = hunk.end
  }
  for (; at < baseLines.length; at++) push(kept(at))
  return merged.join('')
}

/**
 * The changes from `base` to `side` (arrays of lines with their endings), lines compared without
 * their endings, as hunks, and, for each line of `base` that `side` kept, `side`'s copy of it,
 * ending included (`kept`, indexed as `base`). Null when the diff is beyond `MERGE_BOUND`.
 */
function hunks(base: string[], side: string[], name: Hunk['side']): { hunks: Hunk[]; kept: string[] } | null {
  const changes = diffArrays(base.map(withoutEnding), side.map(withoutEnding), MERGE_BOUND)
  if (!changes) return null
  const found: Hunk[] = []
  const kept: string[] = []
  let open: Hunk | null = null
  let baseAt = 0
  let sideAt = 0
  for (const change of changes) {
    if (!change.added && !change.removed) {
      for (let i = 0; i < change.count; i++) kept[baseAt + i] = side[sideAt + i]!
      baseAt += change.count
      sideAt += change.count
      open = null
      continue
    }
    if (!open) found.push((open = { start: baseAt, end: baseAt, lines: [], side: name }))
    if (change.removed) open.end = baseAt += change.count
    else {
      open.lines.push(...side.slice(sideAt, sideAt + change.count))
      sideAt += change.count
    }
  }
  return { hunks: found, kept }
}

/**
 * Whether two hunks change the same lines, or lines whose order no one chose: their ranges
 * overlap, they start at the same line, or one ends where the other starts and both add lines
 * there (as git and diff3, which call adjacent changes a conflict; a deletion next to a change
 * puts nothing in question). For `a` before `b` in order of start, then end.
 */
function clash(a: Hunk, b: Hunk): boolean {
  return b.start < a.end || a.start === b.start || (a.end === b.start && a.lines.length > 0 && b.lines.length > 0)
}

/** The text's lines, each with its own ending (LF, CRLF or a lone CR), so joining them gives the text back; none for an empty text. */
function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n|\r(?!\n))/)
}

const ENDING = /(?:\r\n|\n|\r)$/

function withoutEnding(line: string): string {
  return line.replace(ENDING, '')
}

/** `line` with its ending, if it has one, replaced by `ending`. */
function withEnding(line: string, ending: string): string {
  return ENDING.test(line) ? withoutEnding(line) + ending : line
}

/** The line ending the text uses most (LF, CRLF or a lone CR); null when it has none. */
function lineEnding(text: string): string | null {
  const counts = new Map<string, number>()
  for (const [ending] of text.matchAll(/\r\n|\n|\r/g)) counts.set(ending, (counts.get(ending) ?? 0) + 1)
  let most: string | null = null
  for (const [ending, count] of counts) if (most === null || count > counts.get(most)!) most = ending
  return most
}
