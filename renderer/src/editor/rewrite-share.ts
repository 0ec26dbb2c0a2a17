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

/** Words of the proposal, of the source, and those the proposal keeps from the source in its order; null beyond WORD_COMPARISON_LIMITS. */
function wordCounts(source: string, proposal: string): { proposal: number; source: number; kept: number } | null {
  if (source.length + proposal.length > WORD_COMPARISON_LIMITS.textLength) return null
  const parts = diffWords(source, proposal, { maxEditLength: WORD_COMPARISON_LIMITS.maxEditLength, timeout: WORD_COMPARISON_LIMITS.timeout })
  if (!parts) return null
  const counts = { proposal: 0, source: 0, kept: 0 }
  for (const part of parts) {
    const count = part.value.split(/\s+/).filter(Boolean).length
    if (!part.removed) counts.proposal += count
    if (!part.added) counts.source += count
    if (!part.added && !part.removed) counts.kept += count
  }
  return counts
}

/**
 * The share (0–1) of the proposal's words that are its source's own, in the source's order
 * (jsdiff's `diffWords`, which ignores white space); 1 when the proposal has no word, and when the
 * texts are beyond WORD_COMPARISON_LIMITS. A rewrite that re-indents, re-spaces or re-wraps its
 * source changes every line but few words; a reply shares few words with the email it answers.
 */
export function unchangedWordShare(source: string, proposal: string): number {
  const counts = wordCounts(source, proposal)
  if (!counts || counts.proposal === 0) return 1
  return counts.kept / counts.proposal
}

/**
 * The share (0–1) of the source's words that the proposal keeps, in the source's order; 0 when
 * the source has no word, 1 when the texts are beyond WORD_COMPARISON_LIMITS. A proposal that
 * keeps its source and adds more than it had (an amendment with a new schedule) is under half its
 * source's own, yet every change it makes to the kept text must be marked; a reply keeps a
 * quarter of the email it answers at most.
 */
export function keptSourceWordShare(source: string, proposal: string): number {
  const counts = wordCounts(source, proposal)
  if (!counts) return 1
  return counts.source === 0 ? 0 : counts.kept / counts.source
}

/**
 * Whether the proposal is a rewrite of its source, to be shown with the diff's tints: at least
 * REWRITE_SHARE of its non-blank lines unchanged (Monaco's line changes), or else of its words
 * (`unchangedWordShare`, asked only then; `texts` gives the source and the proposal as shown), or
 * of its source's words kept in it (`keptSourceWordShare`).
 */
export function isRewrite(lines: readonly string[], changes: readonly ModifiedLineSpan[], texts: () => { source: string; proposal: string }): boolean {
  if (unchangedShare(lines, changes) >= REWRITE_SHARE) return true
  const { source, proposal } = texts()
  const counts = wordCounts(source, proposal)
  if (!counts || counts.proposal === 0) return true
  return counts.kept / counts.proposal >= REWRITE_SHARE || (counts.source > 0 && counts.kept / counts.source >= REWRITE_SHARE)
}
