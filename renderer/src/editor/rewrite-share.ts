import { diffWords } from 'diff'

/** A changed span of Monaco's diff, on the proposal's side (`ILineChange`): 1-based lines, end 0 when none were added. */
export interface ModifiedLineSpan {
  modifiedStartLineNumber: number
  modifiedEndLineNumber: number
}

/**
 * The proposal counts as a rewrite of its source when at least this share of it is unchanged
 * from it: then the diff's tints say what the automation changed. Below it (a reply beside the
 * email it answers, a new rule beside a request) the two are different documents, and tints on
 * nearly every line would only be noise.
 */
export const REWRITE_SHARE = 0.5

/**
 * Bounds on comparing word by word, within a diff update of the renderer: texts longer than this
 * in all (UTF-16 code units), or a comparison needing more edits (jsdiff's `maxEditLength`, in
 * words and spaces) or time (`timeout`, ms), are not told apart, and count as a rewrite — tinted,
 * so that no change goes unmarked.
 */
const WORD_COMPARISON_LIMITS = { textLength: 200_000, maxEditLength: 5_000, timeout: 50 } as const

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

/**
 * The share (0–1) of the proposal's words that are its source's own, in the source's order
 * (jsdiff's `diffWords`, which ignores white space); 1 when the proposal has no word, and when the
 * texts are beyond WORD_COMPARISON_LIMITS. A rewrite that re-indents, re-spaces or re-wraps its
 * source changes every line but few words; a reply shares few words with the email it answers.
 */
export function unchangedWordShare(source: string, proposal: string): number {
  if (source.length + proposal.length > WORD_COMPARISON_LIMITS.textLength) return 1
  const parts = diffWords(source, proposal, { maxEditLength: WORD_COMPARISON_LIMITS.maxEditLength, timeout: WORD_COMPARISON_LIMITS.timeout })
  if (!parts) return 1
  let words = 0
  let kept = 0
  for (const part of parts) {
    if (part.removed) continue
    const count = part.value.split(/\s+/).filter(Boolean).length
    words += count
    if (!part.added) kept += count
  }
  return words === 0 ? 1 : kept / words
}

/**
 * Whether the proposal is a rewrite of its source, to be shown with the diff's tints: at least
 * REWRITE_SHARE of its non-blank lines unchanged (Monaco's line changes), or else of its words
 * (`unchangedWordShare`, asked only then; `texts` gives the source and the proposal as shown).
 */
export function isRewrite(lines: readonly string[], changes: readonly ModifiedLineSpan[], texts: () => { source: string; proposal: string }): boolean {
  if (unchangedShare(lines, changes) >= REWRITE_SHARE) return true
  const { source, proposal } = texts()
  return unchangedWordShare(source, proposal) >= REWRITE_SHARE
}
