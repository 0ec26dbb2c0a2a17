import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../shared/canonical-json'
import { isExactNumber, parseJson, parseJsonNoting, parseStoredJson, stringifyJson } from '../../shared/json/exact-json'

describe('exact JSON', () => {
  it('keeps every digit of numbers a double would change, and writes them back as sent', () => {
    const text = '{"id":12345678901234567890123,"big":9007199254740993,"huge":1e400,"tiny":4.9e-325,"long":0.12345678901234567890123,"list":[-9007199254740993]}'
    const value = parseJson(text) as Record<string, unknown>
    expect(isExactNumber(value['id'])).toBe(true)
    expect(String(value['big'])).toBe('9007199254740993')
    expect(stringifyJson(value)).toBe(text)
    // What JSON.parse would have done to the same text:
    expect(JSON.stringify(JSON.parse(text))).not.toBe(text)
  })

  it('gives plain numbers where a double holds them exactly, including long ones', () => {
    const value = parseJson('{"a":0.30000000000000004,"b":5e-324,"c":1.0,"d":9007199254740991,"e":-0}') as Record<string, unknown>
    expect(value).toEqual({ a: 0.30000000000000004, b: 5e-324, c: 1, d: 9007199254740991, e: -0 })
    expect(Object.values(value).some(isExactNumber)).toBe(false)
  })

  it('keeps strings exactly: escapes, lone surrogates, NUL, line and paragraph separators', () => {
    const text = '{"s":"a\\u0000b\\r\\n\\ud83d \\u2028\\u2029 \\u202e 12345678901234567890"}'
    expect((parseJson(text) as { s: string }).s).toBe('a\u0000b\r\n\ud83d \u2028\u2029 \u202e 12345678901234567890')
    expect(parseJson(text)).toEqual(JSON.parse(text))
  })

  it('writes pretty JSON as JSON.stringify does when no number needs its digits kept', () => {
    const value = { to: 'ann@example.com', amount: 12.5, nested: [1, { deep: null }] }
    expect(stringifyJson(value, 2)).toBe(JSON.stringify(value, null, 2))
    const exact = parseJson('{"amount": 100000000000000000001, "to": "x"}')
    expect(stringifyJson(exact, 2)).toBe('{\n  "amount": 100000000000000000001,\n  "to": "x"\n}')
  })

  it('refuses invalid JSON naming the position, on both the fast and the exact path', () => {
    expect(() => parseJson('{"a": 1,}')).toThrow(SyntaxError)
    expect(() => parseJson('{"a": 12345678901234567890,}')).toThrow(/position 27/)
  })

  it('refuses a member name given twice in one object, naming it, on both paths and for equal values too', () => {
    expect(() => parseJson('{"a": {"text": "Pay 100 EUR", "text": "Pay 100000 EUR"}}')).toThrow(/Duplicate key "text" at position 30/)
    expect(() => parseJson('{"n": 12345678901234567890, "to": "x", "to": "y"}')).toThrow(/Duplicate key 'to'/)
    expect(() => parseJson('[{"k": 1, "k": 1}]')).toThrow(/Duplicate key "k"/)
    expect(() => parseJson('{"k": 1, "\\u006b": 2}')).toThrow(/Duplicate key "k"/)
    expect(() => parseJson('{"n": 12345678901234567890, "k": 1, "k": 1}')).toThrow(/Duplicate key "k"/)
    // The same name in different objects, and names spelled inside strings, are not duplicates.
    expect(parseJson('{"k": {"k": "\\"k\\": 1, \\"k\\":"}, "l": [{"k": 1}, {"k": 2}], "\\u006b2": 0, "k2 ": 1}')).toEqual({ k: { k: '"k": 1, "k":' }, l: [{ k: 1 }, { k: 2 }], k2: 0, 'k2 ': 1 })
  })

  it('finds names and long numbers past backslashes, whitespace and short gaps between strings', () => {
    // A name ending in an escaped backslash, whitespace before the colon, a short exponent right after a string.
    expect(() => parseJson('{"a\\\\" : 1, "b": "\\"", "a\\\\"\n:2}')).toThrow(/Duplicate key/)
    expect(isExactNumber((parseJson('{"s":"x","n":1e400}') as { n: unknown }).n)).toBe(true)
    expect(isExactNumber(parseJson('12345678901234567890'))).toBe(true)
    expect(parseJson('["\\\\", {"a\\"b": 1}]')).toEqual(['\\', { 'a"b': 1 }])
    // Text that is not JSON still gets the parser's message, never a hang or a duplicate-key error.
    expect(() => parseJson('{"a": "unterminated')).toThrow(/position|Unterminated/)
    expect(() => parseJson('{"a\\": 1')).toThrow(SyntaxError)
  })

  it('says whether a value may hold an exact number, and reads its own JSON back exactly', () => {
    const exact = parseJsonNoting('{"s":"12345678901234567890","n":[1,{"m":-0.1234567890123456789}]}')
    expect(exact.mayHoldExactNumbers).toBe(true)
    expect(stringifyJson(exact.value)).toBe('{"s":"12345678901234567890","n":[1,{"m":-0.1234567890123456789}]}')
    // Digits inside a string are text, not a number: JSON.parse reads it, and says so.
    expect(parseJsonNoting('{"s":"12345678901234567890"}').mayHoldExactNumbers).toBe(false)
    const stored = stringifyJson(exact.value)
    expect(stringifyJson(parseStoredJson(stored))).toBe(stored)
    expect(parseStoredJson('{"a":[1,2.5]}')).toEqual({ a: [1, 2.5] })
  })

  it('canonical JSON writes an exact number with its digits, and is JCS for everything else', () => {
    const value = parseJson('{"z":1e400,"a":{"y":123456789012345678901234567890,"b":[true,null,"x",2.50]}}')
    expect(canonicalJson(value)).toBe('{"a":{"b":[true,null,"x",2.5],"y":123456789012345678901234567890},"z":1e400}')
    expect(canonicalJson({ z: 1, a: [undefined, 'é'] })).toBe('{"a":[null,"é"],"z":1}')
  })
})
