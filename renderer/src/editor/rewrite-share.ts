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
 * Lines longer than this are not compared without their white space (a changed one stays
 * changed): the comparison is for a document's ordinary lines, and a 10 MB line would cost the
 * renderer a third of a second at each diff update.
 */
const LONGEST_LINE_COMPARED = 2_000

/**
 * The share (0–1) of the proposal's non-blank lines outside every changed span; 1 when it has no
 * non-blank line. `lines` are the proposal's lines (Monaco's model, line 1 first). Given the
 * source's lines (`sourceLines`, read only when needed), a changed line that differs from a line
 * of the source only in white space counts as unchanged too, when the share would otherwise fall
 * under REWRITE_SHARE: a rewrite that also re-indents its source, or leaves a trailing space on
 * each line, is still a rewrite, and its tints are what show the change that matters.
 */
export function unchangedShare(lines: readonly string[], changes: readonly ModifiedLineSpan[], sourceLines?: () => readonly string[]): number {
  const changed = new Set<number>()
  for (const change of changes) for (let line = change.modifiedStartLineNumber; line <= change.modifiedEndLineNumber; line++) changed.add(line)
  let nonBlank = 0
  let unchanged = 0
  const changedNonBlank: string[] = []
  lines.forEach((text, index) => {
    if (text.trim() === '') return
    nonBlank += 1
    if (!changed.has(index + 1)) unchanged += 1
    else if (text.length <= LONGEST_LINE_COMPARED) changedNonBlank.push(text)
  })
  if (nonBlank === 0) return 1
  if (unchanged / nonBlank >= REWRITE_SHARE || !sourceLines || changedNonBlank.length === 0) return unchanged / nonBlank
  const source = new Set<string>()
  for (const text of sourceLines()) if (text.length <= LONGEST_LINE_COMPARED) source.add(withoutSpace(text))
  for (const text of changedNonBlank) if (source.has(withoutSpace(text))) unchanged += 1
  return unchanged / nonBlank
}
