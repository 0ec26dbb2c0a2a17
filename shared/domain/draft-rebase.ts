import { diff3Merge } from 'node-diff3'
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
 * changed is merged line by line, three ways (node-diff3's diff3Merge, as `diff3`/git merge: the
 * old value is the base, the reviewer's edit and the new value the two sides); each line keeps
 * its own ending, so the merge changes no byte either side did not. Edits on the same lines as
 * the backend's change, and edits of a value (a field, a merge's choice) the backend changed,
 * are set aside. A part the new revision no longer has sets its edit aside too.
 */
export function rebaseDraft(before: Case, after: Case, draft: Readonly<Record<string, string>>): RebasedDraft {
  const base = editableFields(before)
  const next = editableFields(after)
  const rebased: RebasedDraft = { draft: {}, merged: [], setAside: {} }
  for (const [path, edited] of Object.entries(draft)) {
    const was = base[path]?.value
    const now = next[path]
    if (now && now.value === was) {
      rebased.draft[path] = edited
      continue
    }
    const merged = now?.freeText && was !== undefined ? mergeLines(edited, was, now.value) : null
    if (merged === null) rebased.setAside[path] = edited
    else if (merged !== now!.value) {
      rebased.draft[path] = merged
      rebased.merged.push(path)
    }
  }
  return rebased
}

/** `ours` and `theirs`, both changed from `base`, merged by lines; null where they changed the same lines differently. */
function mergeLines(ours: string, base: string, theirs: string): string | null {
  const regions = diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true })
  if (regions.some((region) => region.conflict)) return null
  return regions.flatMap((region) => region.ok ?? []).join('')
}

/** The text's lines, each with its own ending (LF, CRLF or a lone CR), so joining them gives the text back. */
function lines(text: string): string[] {
  return text.split(/(?<=\n|\r(?!\n))/)
}

/** An edited part of a proposal (an `editableFields` path) as the app names it to the reviewer: “the draft”, “the record kept for “email””. */
export function editedPartName(path: string): string {
  if (path === 'text') return 'the draft'
  if (path === 'proposedRule') return 'the proposed rule'
  const dot = path.indexOf('.')
  const name = path.slice(dot + 1)
  return path.slice(0, dot) === 'survivors' ? `the record kept for “${name}”` : `“${name}”`
}
