import { isLosslessNumber, isNumber, isSafeNumber, LosslessNumber, parse, stringify } from 'lossless-json'
import { hiddenCharacters } from '../text/hidden-characters'

/**
 * JSON that keeps every number exactly as sent. `JSON.parse` turns `12345678901234567890` into
 * `12345678901234567000` and `1e400` into `Infinity`; here such a number stays a `LosslessNumber`
 * (the lossless-json library) holding its digits, and `stringifyJson` writes those digits back.
 * A number a double holds without losing a digit (lossless-json's `isSafeNumber`) is a plain
 * `number`, so schemas and code that expect numbers see numbers. RFC 8785 canonical JSON writes
 * such numbers in their shortest form too, so `1.0` and `1` are the same value to a signature.
 */

/** A number token that may have more significant digits than a double holds, or an exponent past its range. */
const LONG_NUMBER = /\d[\d.]{15,}(?:[eE][+-]?\d+)?|\d[\d.]*[eE][+-]?\d{3,}/g
/** Text between two strings no longer than this holds no such number (the shortest, `1e999`, has five characters). */
const SHORTEST_LONG_NUMBER = 4

/**
 * Parses JSON text (RFC 8259). Returns plain values, with `LosslessNumber` for each number a
 * double would change. Throws a `SyntaxError` naming the position of the first fault, and one
 * naming the key and its position when a member name appears twice in one object (RFC 7493
 * I-JSON §2.3: names MUST be unique; `JSON.parse` would silently keep the last value, another
 * parser the first, so the reviewer could sign a value the automation does not act on). Arrays
 * and objects nested more than `maxDepth` levels are refused (default MAX_JSON_DEPTH; less for a
 * piece of a larger document, so that the piece is refused exactly when the whole would be).
 */
export function parseJson(text: string, options: { maxDepth?: number } = {}): unknown {
  return parseJsonNoting(text, options).value
}

/**
 * `parseJson`, and whether the value may hold a `LosslessNumber` (false: it holds none, so
 * `JSON.stringify` writes it exactly; true: it may, pass it on to `stringifyJson`). The scan that
 * chooses the parser knows this already, so a caller need not walk the value to find out.
 */
export function parseJsonNoting(text: string, { maxDepth = MAX_JSON_DEPTH }: { maxDepth?: number } = {}): { value: unknown; mayHoldExactNumbers: boolean } {
  const scan = scanText(text)
  let value: unknown
  try {
    // JSON.parse is ten times faster; it is exact whenever no number is long enough to lose digits.
    value = scan.mayLoseDigits ? parse(text, null, parseNumber) : JSON.parse(text)
  } catch (error) {
    throw new SyntaxError(withHiddenSpelledOut((error as Error).message), { cause: error })
  }
  // Both parsers keep one member per name, so fewer members than names in the text means a duplicate.
  if (memberCount(value, maxDepth) !== scan.memberNames) throwDuplicateKey(text)
  return { value, mayHoldExactNumbers: scan.mayLoseDigits }
}

/**
 * JSON this app wrote itself (`stringifyJson`: a stored case, decision record or outbox item)
 * read back with every number exact, as `parseJson` reads it, without its checks for duplicate
 * names and depth (the text passed them when it arrived). `JSON.parse` when no number in the
 * text is long enough to lose digits.
 */
export function parseStoredJson(text: string): unknown {
  return scanText(text).mayLoseDigits ? parse(text, null, parseNumber) : JSON.parse(text)
}

function parseNumber(token: string): number | LosslessNumber {
  return isSafeNumber(token) ? Number(token) : new LosslessNumber(token)
}

/** A string token or a bracket: enough to follow the nesting of text that is already valid JSON. */
const STRING_OR_BRACKET = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\]]/g
const COLON_AHEAD = /[ \t\n\r]*:/y
const QUOTE = 34
const BACKSLASH = 92
const COLON = 58

/**
 * One pass over JSON text, string token to string token (`indexOf`, no regular expression per
 * token): how many member names it holds (string tokens followed by a colon), and whether a
 * number between the strings may have more digits than a double keeps. On text that is not
 * valid JSON the answers mean nothing, but the pass still ends; the parser then names the fault.
 */
function scanText(text: string): { memberNames: number; mayLoseDigits: boolean } {
  let memberNames = 0
  let mayLoseDigits = false
  let after = 0
  let open = text.indexOf('"')
  while (open !== -1) {
    mayLoseDigits ||= mayHoldLongNumber(text, after, open)
    // The closing quote is the first one not escaped by an odd run of backslashes.
    let close = text.indexOf('"', open + 1)
    for (;;) {
      if (close === -1) return { memberNames, mayLoseDigits }
      let backslashes = 0
      while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++
      if (backslashes % 2 === 0) break
      close = text.indexOf('"', close + 1)
    }
    after = close + 1
    let code = text.charCodeAt(after)
    while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++after)
    if (code === COLON) memberNames++
    open = code === QUOTE ? after : text.indexOf('"', after)
  }
  return { memberNames, mayLoseDigits: mayLoseDigits || mayHoldLongNumber(text, after, text.length) }
}

/**
 * Arrays and objects nested deeper than this are refused (RFC 8259 §9 lets a parser limit the
 * depth). Past a few thousand levels every recursive walk (this count, validation, serialising)
 * runs out of stack, at a depth that differs between the services' thread and a worker; refused
 * here, the same text fails the same way everywhere, saying why.
 */
export const MAX_JSON_DEPTH = 1_000

/** Members in a parsed value, counted without allocating; throws past `maxDepth` levels. */
function memberCount(value: unknown, maxDepth: number, depth = 1): number {
  if (value === null || typeof value !== 'object' || isLosslessNumber(value)) return 0
  if (depth > maxDepth) throw new SyntaxError(`Arrays and objects are nested more than ${maxDepth} levels deep`)
  let count = 0
  if (Array.isArray(value)) {
    for (const item of value) count += memberCount(item, maxDepth, depth + 1)
    return count
  }
  for (const key in value) count += 1 + memberCount((value as Record<string, unknown>)[key], maxDepth, depth + 1)
  return count
}

/** Finds the first member name repeated within one object of valid JSON text, and throws naming it. */
function throwDuplicateKey(text: string): never {
  const open: (Set<string> | null)[] = []
  for (const match of text.matchAll(STRING_OR_BRACKET)) {
    const token = match[0]
    if (token === '{' || token === '[') open.push(token === '{' ? new Set() : null)
    else if (token === '}' || token === ']') open.pop()
    else {
      COLON_AHEAD.lastIndex = match.index + token.length
      const names = open.at(-1)
      if (!names || !COLON_AHEAD.test(text)) continue
      const name = JSON.parse(token) as string
      if (names.has(name)) {
        throw new SyntaxError(withHiddenSpelledOut(`Duplicate key ${JSON.stringify(name)} at position ${match.index} (a member name must appear once per object, RFC 7493 §2.3)`))
      }
      names.add(name)
    }
  }
  throw new SyntaxError('Duplicate key: an object has fewer members than member names (RFC 7493 §2.3)')
}

/**
 * A parser's message with each hidden character it quotes spelled out: `Unexpected token '\uFEFF'`
 * (a second byte-order mark) reads `Unexpected token '<U+FEFF ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)>'`.
 */
function withHiddenSpelledOut(message: string): string {
  let result = ''
  let position = 0
  for (const item of hiddenCharacters(message)) {
    result += `${message.slice(position, item.index)}<${item.description}>`
    position = item.index + item.length
  }
  return result + message.slice(position)
}

/**
 * JSON text for a value parsed by `parseJson`, every `LosslessNumber` written with its own digits
 * (lossless-json's `stringify`; `JSON.stringify` would write `{"value":"…","isLosslessNumber":true}`).
 * `mayHoldExactNumbers: false` (from `parseJsonNoting`) says the value holds none, and skips the
 * walk that looks for one.
 */
export function stringifyJson(value: unknown, indent?: number, { mayHoldExactNumbers = true }: { mayHoldExactNumbers?: boolean } = {}): string {
  const text = mayHoldExactNumbers && holdsExactNumber(value) ? stringify(value, null, indent) : JSON.stringify(value, null, indent)
  if (text === undefined) throw new TypeError('stringifyJson: the value has no JSON representation')
  return text
}

/** Whether a value is a number `parseJson` kept as digits because a double would change it. */
export function isExactNumber(value: unknown): value is LosslessNumber {
  return isLosslessNumber(value)
}

/**
 * Whether `text[from, to)`, JSON between two strings, holds a number a double would change: the
 * characters are looked at one by one (gaps are short: `,`, `:0.85,`, `},{`), and only a run of
 * sixteen digits or an exponent sends the gap to the exact test.
 */
function mayHoldLongNumber(text: string, from: number, to: number): boolean {
  if (to - from <= SHORTEST_LONG_NUMBER) return false
  let digits = 0
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at)
    if ((code >= 48 && code <= 57) || code === 46) digits++
    else if (digits > 0 && (code === 101 || code === 69)) return hasLongNumber(text.slice(from, to))
    else digits = 0
    if (digits > 15) return hasLongNumber(text.slice(from, to))
  }
  return false
}

/** Whether JSON text between strings holds a number that a double would change. */
function hasLongNumber(text: string): boolean {
  for (const [token] of text.matchAll(LONG_NUMBER)) {
    if (!isNumber(token) || !isSafeNumber(token)) return true
  }
  return false
}

/** Whether a value holds a `LosslessNumber` anywhere (a walk of the whole value). */
export function holdsExactNumber(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  if (isLosslessNumber(value)) return true
  if (Array.isArray(value)) {
    for (const item of value) if (holdsExactNumber(item)) return true
    return false
  }
  for (const key in value) if (holdsExactNumber((value as Record<string, unknown>)[key])) return true
  return false
}
