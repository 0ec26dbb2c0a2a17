/**
 * Characters that change or hide what a text says without being seen: bidirectional controls
 * (Unicode UAX #9: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width and other
 * format characters (general category Cf: U+200B–U+200D, U+2060–U+2064, U+FEFF, U+00AD…), control
 * characters other than tab and line breaks (Cc: NUL…), whitespace other than the plain space
 * (Zs, Zl, Zp: U+00A0, U+2000–U+200A, U+2028…), and the Hangul fillers that render blank.
 * `invoice` + U+202E + `gnp.exe` displays as "invoiceexe.png"; these make such text visible.
 * The zero-width joiner and tag characters inside emoji sequences (👨‍👩‍👧, 🏴󠁧󠁢󠁳󠁣󠁴󠁿) are how those
 * emoji are spelled, so they are not reported there.
 */

/** One hidden character: where it is (UTF-16 offset and length), and how to show it. */
export interface HiddenCharacter {
  index: number
  length: number
  codePoint: number
  /** A short visible stand-in, e.g. `RLO`, `ZWSP`, `NBSP`, or `U+E0041`. */
  label: string
  /** The Unicode name or a description, e.g. `U+202E RIGHT-TO-LEFT OVERRIDE`. */
  description: string
}

// Default_Ignorable_Code_Point adds what renders as nothing outside category Cf: variation
// selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), U+034F COMBINING GRAPHEME JOINER, the Khmer inherent
// vowels U+17B4/U+17B5. Cs is a lone surrogate (a JSON "\ud800" escape): drawn as U+FFFD or nothing.
const CANDIDATE = /[\p{Cf}\p{Cc}\p{Zs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}\u115F\u1160\u2800\u3164\uFFA0]/gu
const ALLOWED = new Set([0x09, 0x0a, 0x0d, 0x20])
const ZERO_WIDTH_JOINER = 0x200d
// One property per regex, tested on one character: Chromium 156 fails `[\p{…}]$` on astral characters.
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u
const VARIATION_SELECTOR_15 = 0xfe0e
const VARIATION_SELECTOR_16 = 0xfe0f
const CANCEL_TAG = 0xe007f
const WAVING_BLACK_FLAG = 0x1f3f4
/** The tags a subdivision flag is spelled with: TAG DIGIT ZERO–NINE, TAG LATIN SMALL LETTER A–Z. */
const isFlagTag = (codePoint: number) => (codePoint >= 0xe0030 && codePoint <= 0xe0039) || (codePoint >= 0xe0061 && codePoint <= 0xe007a)
const KEYCAP_BASE = /^[0-9#*]$/

const NAMES: Record<number, [label: string, name: string]> = {
  0x00: ['NUL', 'NULL'],
  0xa0: ['NBSP', 'NO-BREAK SPACE'],
  0xad: ['SHY', 'SOFT HYPHEN'],
  0x61c: ['ALM', 'ARABIC LETTER MARK'],
  0x180e: ['MVS', 'MONGOLIAN VOWEL SEPARATOR'],
  0x200b: ['ZWSP', 'ZERO WIDTH SPACE'],
  0x200c: ['ZWNJ', 'ZERO WIDTH NON-JOINER'],
  0x200d: ['ZWJ', 'ZERO WIDTH JOINER'],
  0x200e: ['LRM', 'LEFT-TO-RIGHT MARK'],
  0x200f: ['RLM', 'RIGHT-TO-LEFT MARK'],
  0x2028: ['LSEP', 'LINE SEPARATOR'],
  0x2029: ['PSEP', 'PARAGRAPH SEPARATOR'],
  0x202a: ['LRE', 'LEFT-TO-RIGHT EMBEDDING'],
  0x202b: ['RLE', 'RIGHT-TO-LEFT EMBEDDING'],
  0x202c: ['PDF', 'POP DIRECTIONAL FORMATTING'],
  0x202d: ['LRO', 'LEFT-TO-RIGHT OVERRIDE'],
  0x202e: ['RLO', 'RIGHT-TO-LEFT OVERRIDE'],
  0x202f: ['NNBSP', 'NARROW NO-BREAK SPACE'],
  0x205f: ['MMSP', 'MEDIUM MATHEMATICAL SPACE'],
  0x034f: ['CGJ', 'COMBINING GRAPHEME JOINER'],
  0x2060: ['WJ', 'WORD JOINER'],
  0x2800: ['BRAILLE BLANK', 'BRAILLE PATTERN BLANK'],
  0x2066: ['LRI', 'LEFT-TO-RIGHT ISOLATE'],
  0x2067: ['RLI', 'RIGHT-TO-LEFT ISOLATE'],
  0x2068: ['FSI', 'FIRST STRONG ISOLATE'],
  0x2069: ['PDI', 'POP DIRECTIONAL ISOLATE'],
  0x3000: ['IDSP', 'IDEOGRAPHIC SPACE'],
  0x3164: ['HF', 'HANGUL FILLER'],
  0xfeff: ['ZWNBSP', 'ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)']
}

/** Every hidden character in `text`, in order. */
export function hiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = []
  for (const match of text.matchAll(CANDIDATE)) {
    const codePoint = match[0].codePointAt(0)!
    if (ALLOWED.has(codePoint) || partOfEmoji(text, match.index, codePoint)) continue
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      const hex = `U+${codePoint.toString(16).toUpperCase()}`
      found.push({ index: match.index, length: 1, codePoint, label: hex, description: `${hex} LONE SURROGATE (not a character; shown as \uFFFD)` })
      continue
    }
    const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
    const [label, name] = NAMES[codePoint] ?? [hex, codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) ? 'CONTROL CHARACTER' : 'INVISIBLE CHARACTER']
    found.push({ index: match.index, length: match[0].length, codePoint, label, description: `${hex} ${name}` })
  }
  return found
}

/**
 * `text` with each hidden character spelled out as `⟨ZWSP⟩`, as the chips name it: for places that
 * can show only plain text (a chart's canvas, a CSV a spreadsheet opens), so two texts that differ
 * only by one are told apart and an override cannot reverse the rest.
 */
export function spelledOutHidden(text: string): string {
  let result = ''
  let position = 0
  for (const item of hiddenCharacters(text)) {
    result += `${text.slice(position, item.index)}⟨${item.label}⟩`
    position = item.index + item.length
  }
  return result + text.slice(position)
}

/** Whether `text` holds any hidden character (cheaper than listing them). */
export function hasHiddenCharacters(text: string): boolean {
  return hiddenCharacters(text).length > 0
}

/** Whether any string anywhere inside a JSON-like value (a case) holds a hidden character. */
export function valueHasHiddenCharacters(value: unknown): boolean {
  if (typeof value === 'string') return hasHiddenCharacters(value)
  if (Array.isArray(value)) return value.some(valueHasHiddenCharacters)
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, item]) => hasHiddenCharacters(key) || valueHasHiddenCharacters(item))
  return false
}

function partOfEmoji(text: string, index: number, codePoint: number): boolean {
  if (codePoint === ZERO_WIDTH_JOINER) {
    const before = codePointBefore(text, index)
    const after = text.codePointAt(index + 1)
    const emojiBefore = before !== undefined && (before === VARIATION_SELECTOR_16 || isPictographic(before) || EMOJI_MODIFIER.test(String.fromCodePoint(before)))
    return emojiBefore && after !== undefined && isPictographic(after)
  }
  // Tag characters spell a subdivision flag (UTS #51 emoji_tag_sequence, e.g. gbsct): U+1F3F4
  // WAVING BLACK FLAG, then two to six tag letters or digits, then U+E007F CANCEL TAG. Any other
  // run of tags (a whole sentence after a flag: "ASCII smuggling") is hidden text.
  if ((codePoint >= 0xe0030 && codePoint <= 0xe007a) || codePoint === CANCEL_TAG) {
    let start = index
    while (start >= 2 && isFlagTag(text.codePointAt(start - 2)!)) start -= 2
    if (start < 2 || text.codePointAt(start - 2) !== WAVING_BLACK_FLAG) return false
    let end = start
    while (isFlagTag(text.codePointAt(end) ?? 0)) end += 2
    const letters = (end - start) / 2
    return letters >= 2 && letters <= 6 && text.codePointAt(end) === CANCEL_TAG && index <= end
  }
  // VS15/VS16 choose text or emoji presentation of the character before them (♥️, 1️⃣).
  if (codePoint === VARIATION_SELECTOR_15 || codePoint === VARIATION_SELECTOR_16) {
    const before = codePointBefore(text, index)
    return before !== undefined && (isPictographic(before) || KEYCAP_BASE.test(String.fromCodePoint(before)))
  }
  return false
}

function isPictographic(codePoint: number): boolean {
  return PICTOGRAPHIC.test(String.fromCodePoint(codePoint))
}

/** The code point that ends just before `index` (a whole surrogate pair when there is one). */
function codePointBefore(text: string, index: number): number | undefined {
  if (index <= 0) return undefined
  const last = text.charCodeAt(index - 1)
  return last >= 0xdc00 && last <= 0xdfff && index >= 2 ? text.codePointAt(index - 2) : last
}
