/**
 * Which line endings a text uses. A text editor shows every kind the same way (Monaco even keeps
 * one kind per document), so a proposal that differs from its source only in line endings would
 * look unchanged: these name the difference in words instead.
 */

/** How many of each line break a text holds: CRLF, a lone LF, a lone CR. */
export interface LineEndingCounts {
  crlf: number
  lf: number
  cr: number
}

/** Counts the line breaks of `text` (CRLF counted once, not as a CR and an LF). */
export function countLineEndings(text: string): LineEndingCounts {
  const counts: LineEndingCounts = { crlf: 0, lf: 0, cr: 0 }
  for (let at = text.search(/[\r\n]/); at !== -1 && at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (code === 13) {
      if (text.charCodeAt(at + 1) === 10) {
        counts.crlf++
        at++
      } else counts.cr++
    } else if (code === 10) counts.lf++
  }
  return counts
}

const NAMES: readonly (readonly [keyof LineEndingCounts, string])[] = [
  ['lf', 'LF'],
  ['crlf', 'CRLF'],
  ['cr', 'CR']
]

const NO_LINE_BREAK = 'no line break'

/**
 * The line endings of `text` in words: `LF`, `CRLF` or `CR` when it uses one kind, `mixed (3 LF,
 * 2 CRLF)` when more, `no line break` for a single line.
 */
export function describeLineEndings(text: string): string {
  const counts = countLineEndings(text)
  const used = NAMES.filter(([key]) => counts[key] > 0)
  if (used.length === 0) return NO_LINE_BREAK
  if (used.length === 1) return used[0]![1]
  return `mixed (${used.map(([key, name]) => `${counts[key]} ${name}`).join(', ')})`
}

/**
 * What a reviewer must be told about the line endings of `proposal` next to `source`, or null
 * when an editor showing both hides nothing: `{ source, proposal }` described (`describeLineEndings`)
 * when the proposal has line breaks and uses other endings than the source, or mixes kinds.
 */
export function lineEndingDifference(source: string, proposal: string): { source: string; proposal: string } | null {
  const described = { source: describeLineEndings(source), proposal: describeLineEndings(proposal) }
  if (described.proposal === NO_LINE_BREAK) return null
  if (described.proposal === described.source && !described.proposal.startsWith('mixed')) return null
  return described
}
