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

/** A line's text without any white space: what a re-indent, a trailing space or a tab-to-spaces change leaves alone. */
const withoutSpace = (text: string) => text.replace(/\s+/g, '')

/**
 * The share (0–1) of the proposal's non-blank lines outside every changed span, or inside one but
 * differing only in white space from a line of the source (`sourceLines`): a rewrite that also
 * re-indents its source, or leaves a trailing space on each line, is still a rewrite, and its
 * tints are what show the change that matters. 1 when it has no non-blank line. `lines` are the
 * proposal's lines (Monaco's model, line 1 first).
 */
export function unchangedShare(lines: readonly string[], changes: readonly ModifiedLineSpan[], sourceLines: readonly string[] = []): number {
  const changed = new Set<number>()
  for (const change of changes) for (let line = change.modifiedStartLineNumber; line <= change.modifiedEndLineNumber; line++) changed.add(line)
  const source = new Set(sourceLines.map(withoutSpace))
  let nonBlank = 0
  let unchanged = 0
  lines.forEach((text, index) => {
    if (text.trim() === '') return
    nonBlank += 1
    if (!changed.has(index + 1) || source.has(withoutSpace(text))) unchanged += 1
  })
  return nonBlank === 0 ? 1 : unchanged / nonBlank
}
