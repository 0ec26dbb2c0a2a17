/** A changed span of Monaco's diff, on the proposal's side (`ILineChange`): 1-based lines, end 0 when none were added. */
export interface ModifiedLineSpan {
  modifiedStartLineNumber: number
  modifiedEndLineNumber: number
}

/**
 * The proposal counts as a rewrite of its source when at least this share of its non-blank lines
 * is unchanged from it: then the diff's tints say what the automation changed. Below it (a reply
 * beside the email it answers, a new rule beside a request) the two are different documents, and
 * tints on nearly every line would only be noise.
 */
export const REWRITE_SHARE = 0.5

/**
 * The share (0–1) of the proposal's non-blank lines outside every changed span; 1 when it has no
 * non-blank line. `lines` are the proposal's lines (Monaco's model, line 1 first).
 */
export function unchangedShare(lines: readonly string[], changes: readonly ModifiedLineSpan[]): number {
  const changed = new Set<number>()
  for (const change of changes) for (let line = change.modifiedStartLineNumber; line <= change.modifiedEndLineNumber; line++) changed.add(line)
  let nonBlank = 0
  let unchanged = 0
  lines.forEach((text, index) => {
    if (text.trim() === '') return
    nonBlank += 1
    if (!changed.has(index + 1)) unchanged += 1
  })
  return nonBlank === 0 ? 1 : unchanged / nonBlank
}
