const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
/** `"cases"` as UTF-8 bytes: the member of a bundle's top-level object that holds its cases. */
const CASES_NAME = new TextEncoder().encode('"cases"')

/** Where a bundle's cases are in its UTF-8 text: the `cases` array's brackets and each element. */
export interface CaseLocations {
  /** Byte offsets of the array's `[` and `]`. */
  open: number
  close: number
  /** Each element as a pair of byte offsets `[start, end)`, whitespace around it included. */
  ranges: Uint32Array
}

/**
 * Finds the `cases` member of the top-level object of a bundle's UTF-8 JSON text (bytes `from`
 * onwards) without parsing it: one pass over the bytes that skips string tokens (a quote or
 * backslash byte is never part of a multi-byte UTF-8 character) and between them follows only
 * brackets, colons and commas. On valid JSON the answer is exact; on text that is not JSON it may be
 * anything or null, and the caller's parse of the pieces names the fault. Null when the top-level
 * value has no `cases` member holding an array.
 */
export function locateCases(bytes: Uint8Array, from: number): CaseLocations | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const starts: number[] = []
  // The open brackets' bytes, innermost last: a close must match its kind, or the text is not JSON.
  const opened: number[] = []
  let depth = 0
  let open = -1
  let elementStart = -1
  let at = from
  while (at < text.length) {
    const byte = text[at]!
    if (byte === QUOTE) {
      const close = closingQuote(text, at)
      if (close === -1) return null
      if (depth === 1 && open === -1 && isCasesName(text, at, close)) {
        const colon = nextToken(text, close + 1)
        const value = nextToken(text, colon + 1)
        if (text[colon] === COLON && text[value] === OPEN_BRACKET) {
          open = value
          depth = 2
          opened.push(OPEN_BRACKET)
          elementStart = value + 1
          at = value + 1
          continue
        }
      }
      at = close + 1
      continue
    }
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++
      opened.push(byte)
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (opened.pop() !== (byte === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) return null
      depth--
      if (depth === 1 && open !== -1 && elementStart !== -1) {
        // The cases array closes: its last element ends here (none if the array is empty).
        if (starts.length > 0 || nextToken(text, elementStart) < at) starts.push(elementStart, at)
        return { open, close: at, ranges: Uint32Array.from(starts) }
      }
    } else if (byte === COMMA && depth === 2 && open !== -1) {
      starts.push(elementStart, at)
      elementStart = at + 1
    }
    at++
  }
  return null
}

/**
 * Whether the string token `[open, close]` names `cases`: byte for byte, or written with JSON
 * escapes (`"\u0063ases"`), which a member name may be.
 */
function isCasesName(text: Buffer, open: number, close: number): boolean {
  const length = close - open + 1
  if (length === CASES_NAME.length && text.compare(CASES_NAME, 0, CASES_NAME.length, open, close + 1) === 0) return true
  const backslash = text.indexOf(BACKSLASH, open)
  if (length > 6 * CASES_NAME.length || backslash === -1 || backslash > close) return false
  try {
    return JSON.parse(text.toString('utf8', open, close + 1)) === 'cases'
  } catch {
    return false
  }
}

/**
 * The offset of the quote closing the string token that opens at `open`, −1 if none. A byte loop:
 * most strings in a bundle are short, and a native search per string costs more than it saves.
 */
function closingQuote(text: Buffer, open: number): number {
  for (let at = open + 1; at < text.length; at++) {
    const byte = text[at]
    if (byte === QUOTE) return at
    if (byte === BACKSLASH) at++
  }
  return -1
}

/** The offset of the first byte from `at` that is not JSON whitespace. */
function nextToken(text: Buffer, at: number): number {
  let next = at
  while (next < text.length) {
    const byte = text[next]
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) break
    next++
  }
  return next
}
