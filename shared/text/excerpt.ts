/**
 * Excerpts of text cut where a reader expects: after a whole word (Unicode word boundaries, UAX
 * #29, as `Intl.Segmenter` finds them), or, inside a word longer than the excerpt, between two
 * user-perceived characters (grapheme clusters), so an emoji, a flag or an accented letter is
 * never split into a lone surrogate or a bare combining mark.
 */

const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' })
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** Boundaries are found in a window this much wider than the excerpt: the rules look at neighbours only. */
const WINDOW_MARGIN = 32

/**
 * Where a window ending at the text's end may start, at or before `at`: not inside a surrogate
 * pair, and not inside a run of regional indicators, which pair into flags counting from the run's
 * start (🇩🇪🇫🇷 read from its second letter is 🇪🇫 🇷…).
 */
function windowStart(text: string, at: number): number {
  let start = Math.max(0, at)
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!)) start -= 1
  while (start >= 2 && isRegionalIndicator(text.codePointAt(start - 2)!)) start -= 2
  return start
}

function isRegionalIndicator(codePoint: number): boolean {
  return codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff
}

/** The segment starts of `text` (UTF-16 offsets) under `segmenter`, and its end. */
function boundaries(text: string, segmenter: Intl.Segmenter): number[] {
  return [...Array.from(segmenter.segment(text), (segment) => segment.index), text.length]
}

/**
 * The start of `text` of at most `max` UTF-16 code units, cut at the last word boundary within
 * them (else the last grapheme boundary), without the spaces before the cut; the whole text when
 * it is that short.
 */
export function excerptStart(text: string, max: number): string {
  if (text.length <= max) return text
  const window = text.slice(0, max + WINDOW_MARGIN)
  const within = (segmenter: Intl.Segmenter) => boundaries(window, segmenter).filter((at) => at > 0 && at <= max && at < window.length)
  const cut = within(WORDS).at(-1) ?? within(GRAPHEMES).at(-1) ?? 0
  return text.slice(0, cut).replace(/[ \t]+$/, '')
}

/**
 * The end of `text` of at most `max` UTF-16 code units, starting at the first word boundary
 * within them (else the first grapheme boundary), without the spaces after the cut; the whole
 * text when it is that short.
 */
export function excerptEnd(text: string, max: number): string {
  if (text.length <= max) return text
  const window = text.slice(windowStart(text, text.length - max - WINDOW_MARGIN))
  const from = window.length - max
  const within = (segmenter: Intl.Segmenter) => boundaries(window, segmenter).find((at) => at >= from && at < window.length && at > 0)
  const cut = within(WORDS) ?? within(GRAPHEMES) ?? window.length
  return window.slice(cut).replace(/^[ \t]+/, '')
}
