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
const LONG_NUMBER = /\d[\d.]{15,}(?:[eE][+-]?\d+)?|\d[eE][+-]?\d{3,}/g

/**
 * Parses JSON text (RFC 8259). Returns plain values, with `LosslessNumber` for each number a
 * double would change. Throws a `SyntaxError` naming the position of the first fault.
 */
export function parseJson(text: string): unknown {
  // JSON.parse is ten times faster; it is exact whenever no number is long enough to lose digits.
  try {
    if (!mayLoseDigits(text)) return JSON.parse(text)
    return parse(text, null, (token) => (isSafeNumber(token) ? Number(token) : new LosslessNumber(token)))
  } catch (error) {
    throw new SyntaxError(withHiddenSpelledOut((error as Error).message), { cause: error })
  }
}

/**
 * `parseJson`, but a key that appears twice in one object is refused (a `SyntaxError` naming the
 * key and its position) instead of read as its last value. Slower: for small files people edit.
 */
export function parseJsonRefusingDuplicateKeys(text: string): unknown {
  try {
    return parse(text, null, (token) => (isSafeNumber(token) ? Number(token) : new LosslessNumber(token)))
  } catch (error) {
    throw new SyntaxError(withHiddenSpelledOut((error as Error).message), { cause: error })
  }
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

/** JSON text for a value parsed by `parseJson`, every `LosslessNumber` written with its own digits. */
export function stringifyJson(value: unknown, indent?: number): string {
  const text = holdsExactNumber(value) ? stringify(value, null, indent) : JSON.stringify(value, null, indent)
  if (text === undefined) throw new TypeError('stringifyJson: the value has no JSON representation')
  return text
}

/** Whether a value is a number `parseJson` kept as digits because a double would change it. */
export function isExactNumber(value: unknown): value is LosslessNumber {
  return isLosslessNumber(value)
}

function mayLoseDigits(text: string): boolean {
  for (const [token] of text.matchAll(LONG_NUMBER)) {
    // Digits inside a string (an IBAN, an order number) match too; they only cost the slower parse.
    if (!isNumber(token) || !isSafeNumber(token)) return true
  }
  return false
}

function holdsExactNumber(value: unknown): boolean {
  if (isLosslessNumber(value)) return true
  if (Array.isArray(value)) return value.some(holdsExactNumber)
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExactNumber)
  return false
}
