/**
 * Quoting where two versions of a text differ, for a sentence a reviewer reads before deciding
 * ("the draft from “…within 3–5 working days” to “…within 5–7 working days”"). Quotes are cut at
 * grapheme cluster boundaries (UAX #29, by `Intl.Segmenter`): never inside a character as the
 * reader sees it (a flag, an accented letter, an emoji sequence). They end at the same text on
 * both sides once past the change, and the sentence is told when they look alike on screen.
 */

/** Longest quote, in grapheme clusters, before it is cut with “…”. */
const QUOTED_MAX = 40
/** Grapheme clusters quoted before the one where the texts first differ. */
const QUOTED_CONTEXT = 10
/** Code units segmented before the first difference, and after the quote's start (16 a cluster: the longest emoji sequences run to 14). */
const SEGMENTED_BEFORE = QUOTED_CONTEXT * 16
const SEGMENTED_AFTER = QUOTED_MAX * 16
/** How far back a sure cluster boundary is looked for, in code units, before segmenting from a guess. */
const BOUNDARY_SEARCH = 1024
/** Code units compared at once by `sharedLength`: as slices, which the engine compares as blocks of memory. */
const COMPARED_BLOCK = 1024

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

/**
 * How many UTF-16 code units `a` and `b` share at their start (`from: 'start'`) or end, up to
 * `most`. Compared a block of slices at a time, then a unit at a time: 0.1 ms for a 1 MB draft
 * against 2–4 ms by units alone.
 */
function sharedLength(a: string, b: string, from: 'start' | 'end', most: number): number {
  const unit = from === 'start' ? (text: string, at: number) => text.charCodeAt(at) : (text: string, at: number) => text.charCodeAt(text.length - 1 - at)
  const block = from === 'start' ? (text: string, at: number) => text.slice(at, at + COMPARED_BLOCK) : (text: string, at: number) => text.slice(text.length - at - COMPARED_BLOCK, text.length - at)
  let shared = 0
  while (shared + COMPARED_BLOCK <= most && block(a, shared) === block(b, shared)) shared += COMPARED_BLOCK
  while (shared < most && unit(a, shared) === unit(b, shared)) shared++
  return shared
}

/**
 * An index at or before `index` where a grapheme cluster surely begins, to segment from: the
 * text's start, or just after a line break or a space that an ASCII character follows (nothing
 * extends those, UAX #29 GB4, GB9). Segmenting from inside a run of flags would pair their
 * regional indicators wrongly (🇬🇧🇫🇷 read as 🇧🇫). With none within BOUNDARY_SEARCH units
 * (a run of flags or of stacked accents with no space), `likelyBoundaryAt(index)`.
 */
function sureBoundaryBefore(text: string, index: number): number {
  for (let at = index; at > 0 && at > index - BOUNDARY_SEARCH; at--) {
    const previous = text.charCodeAt(at - 1)
    if ((previous === 0x0a || previous === 0x20) && text.charCodeAt(at) < 0x7f) return at
  }
  return index <= BOUNDARY_SEARCH ? 0 : likelyBoundaryAt(text, index)
}

const MARK = /\p{M}/u
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u
const isRegionalIndicator = (codePoint: number | undefined) => codePoint !== undefined && codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff
/** Steps back at most this many code units looking for a character that begins a cluster. */
const LIKELY_SEARCH = 256

/**
 * At or before `index`, the start of a character that extends nothing before it: not the second
 * half of a surrogate pair, a combining mark, a zero-width joiner or what follows one, a
 * variation selector or an emoji modifier; and within a run of regional indicators, an even count
 * from the run's start (they pair from there, UAX #29 GB12). True of all but a few scripts'
 * joins (a virama's conjunct, Hangul jamo), which a quote may then cut.
 */
function likelyBoundaryAt(text: string, index: number): number {
  let at = index
  const extendsPrevious = (position: number) => {
    const unit = text.charCodeAt(position)
    if (unit >= 0xdc00 && unit <= 0xdfff) return true
    const codePoint = text.codePointAt(position)!
    const character = String.fromCodePoint(codePoint)
    const joinerOrSelector = codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)
    return joinerOrSelector || MARK.test(character) || EMOJI_MODIFIER.test(character) || text.charCodeAt(position - 1) === 0x200d
  }
  while (at > 0 && at > index - LIKELY_SEARCH && extendsPrevious(at)) at--
  let before = 0
  while (isRegionalIndicator(text.codePointAt(at - 2 * (before + 1)))) before++
  return isRegionalIndicator(text.codePointAt(at)) && before % 2 === 1 ? at - 2 : at
}

/**
 * Where grapheme clusters begin in `text` from `from` (a cluster boundary) up to `to`, and `to`
 * itself when it is the text's end. Whether a cluster begins at an index depends on the text
 * before it and the character there (UAX #29), so a cluster cut by `to` still begins where it is
 * said to, as long as `to` does not split that character's surrogate pair: then `to` is one less.
 */
function clusterStarts(text: string, from: number, to: number): number[] {
  const high = text.charCodeAt(to - 1)
  if (to < text.length && high >= 0xd800 && high <= 0xdbff) to--
  const starts = Array.from(segmenter.segment(text.slice(from, to)), ({ index }) => from + index)
  if (to === text.length) starts.push(to)
  return starts
}

/** Whether `text` is at most QUOTED_MAX grapheme clusters long, and so quoted whole. */
function isShort(text: string): boolean {
  if (text.length <= QUOTED_MAX) return true
  return text.length <= SEGMENTED_AFTER && clusterStarts(text, 0, text.length).length - 1 <= QUOTED_MAX
}

/** Line breaks in a quote, shown as ↵: the sentence stays on its line. */
const showBreaks = (text: string) => text.replace(/\r\n|\r|\n/g, '↵')

/**
 * What differs between two quotes that look alike once shown in a sentence, in parentheses, or
 * null when the difference shows. Alike are: spaces and tabs (a sentence shows any run as one
 * space), line endings (CRLF, LF and CR are all ↵), and the letters' Unicode form (é as one code
 * point or as e and a combining accent: canonically equivalent, equal under NFC, UAX #15). Not
 * compatibility forms (NFKC): 10⁶ is not 106, nor m² m2. Hidden characters (zero-width, bidi
 * controls, odd spaces) are not alike: the view that shows the sentence names them
 * (VisibleText). Letters of other scripts that look the same (Cyrillic А for Latin A) get no note.
 */
function lookAlike(from: string, to: string): string | null {
  const spacing = (text: string) => text.replace(/[ \t]+/g, ' ')
  const form = (text: string) => text.normalize('NFC')
  const differ = (view: (text: string) => string) => view(from) !== view(to)
  if (differ((text) => spacing(form(showBreaks(text))))) return null
  // A kind of difference is named when the others alone leave the quotes different.
  const kinds = [
    differ((text) => form(showBreaks(text))) ? 'spacing' : null,
    differ((text) => spacing(form(text))) ? 'line endings' : null,
    differ((text) => spacing(showBreaks(text))) ? 'the Unicode form of their letters' : null
  ].filter((kind) => kind !== null)
  return kinds.length > 0 ? ` (alike on screen: they differ only in ${new Intl.ListFormat('en-GB').format(kinds)})` : ' (alike on screen)'
}

/** Two versions of a text quoted where they differ (`quotedChange`). */
export interface QuotedChange {
  /** The quotes, line breaks shown as ↵, “…” where cut. */
  from: string
  to: string
  /** The texts also differ after the part quoted. */
  more: boolean
  /** What differs, in parentheses, when the quotes look alike on screen (`lookAlike`); else null. */
  alike: string | null
  /**
   * The line (from 1) where the texts first differ, when they are cut and have more than one line:
   * a phrase quoted from a long draft may recur in it. Else null.
   */
  line: number | null
}

/** The line (from 1) that index `at` of `text` is on; CRLF, LF and a lone CR each end a line. */
function lineAt(text: string, at: number): number {
  let line = 1
  // indexOf runs natively: a 1 MB draft of prose is counted in about a millisecond, one of
  // nothing but line breaks in about 10 (a step of this loop each).
  for (let found = text.indexOf('\n'); found !== -1 && found < at; found = text.indexOf('\n', found + 1)) line++
  for (let found = text.indexOf('\r'); found !== -1 && found < at; found = text.indexOf('\r', found + 1)) if (text.charCodeAt(found + 1) !== 0x0a) line++
  return line
}

/**
 * `before` and `after` (which differ) as a sentence quotes them: whole when both are at most 40
 * grapheme clusters, else each cut to 40 clusters from 10 before the one where they first differ,
 * so two long values never read alike. Past the change both quotes end at the same text. Linear in
 * the texts' length by block comparison, plus segmenting about a thousand code units: a 1 MB
 * draft is compared with its proposal at each keystroke while its case is open.
 */
export function quotedChange(before: string, after: string): QuotedChange {
  if (isShort(before) && isShort(after)) return { from: showBreaks(before), to: showBreaks(after), more: false, alike: lookAlike(before, after), line: null }
  const shorter = Math.min(before.length, after.length)
  const differ = sharedLength(before, after, 'start', shorter)
  const same = sharedLength(before, after, 'end', shorter - differ)
  // The cluster holding the first difference may begin before it, and differently in each text
  // (“e” then U+0301 against “e” then “x”): quoting starts from the cluster before the difference.
  const segmentFrom = sureBoundaryBefore(before, Math.max(0, differ - SEGMENTED_BEFORE))
  const starts = clusterStarts(before, segmentFrom, differ)
  const start = starts.at(-QUOTED_CONTEXT) ?? segmentFrom
  // Where clusters begin from `start`, through the one QUOTED_MAX after it (or the text's end).
  // Segmenting costs about 1 µs a code unit (ICU): two a cluster first, as most text needs.
  const quotedStarts = (text: string) => {
    let found: number[] = []
    for (const reach of [QUOTED_MAX * 2, SEGMENTED_AFTER]) {
      const to = Math.min(text.length, start + reach)
      found = clusterStarts(text, start, to).slice(0, QUOTED_MAX + 1)
      if (found.length > QUOTED_MAX || to === text.length) break
    }
    return found
  }
  const [startsBefore, startsAfter] = [quotedStarts(before), quotedStarts(after)]
  let [endBefore, endAfter] = [startsBefore.at(-1) ?? start, startsAfter.at(-1) ?? start]
  // Both quotes ending past the change end at the same text: a tab against four spaces ends the
  // longer quote three clusters earlier, which would read as a difference of its own. Where in the
  // text both share, a cluster may begin in one but not the other (an emoji sequence joined to
  // what precedes it): the ends are the furthest that both texts begin a cluster at.
  const [sameBefore, sameAfter] = [before.length - same, after.length - same]
  if (endBefore > sameBefore && endAfter > sameAfter) {
    const furthest = Math.min(endBefore - sameBefore, endAfter - sameAfter)
    const inAfter = new Set(startsAfter)
    const past = startsBefore.filter((at) => at > sameBefore && at - sameBefore <= furthest && inAfter.has(sameAfter + at - sameBefore)).at(-1)
    if (past !== undefined) [endBefore, endAfter] = [past, sameAfter + past - sameBefore]
  }
  const cut = (text: string, end: number) => showBreaks(`${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`)
  return {
    from: cut(before, endBefore),
    to: cut(after, endAfter),
    more: sameBefore > endBefore || sameAfter > endAfter,
    alike: lookAlike(before.slice(start, endBefore), after.slice(start, endAfter)),
    line: /[\r\n]/.test(before) || /[\r\n]/.test(after) ? lineAt(after, differ) : null
  }
}
