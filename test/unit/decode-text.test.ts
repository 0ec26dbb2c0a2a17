import { describe, expect, it } from 'vitest'
import { decodeText, TextDecodingError } from '../../shared/text/decode-text'
import { caseFile, utf16le, utf8WithBom } from '../fixtures/fidelity/corpus'

const TEXT = '{"title": "Zoë \u{1F4B3} \u202E \r\n"}'

describe('decoding a file’s bytes', () => {
  it('reads UTF-8 with and without a byte-order mark, and UTF-16 with one, to the same text', () => {
    expect(decodeText(Buffer.from(TEXT))).toBe(TEXT)
    expect(decodeText(utf8WithBom(TEXT))).toBe(TEXT)
    expect(decodeText(utf16le(TEXT))).toBe(TEXT)
    const be = Buffer.from(utf16le(TEXT)).swap16()
    expect(decodeText(be)).toBe(TEXT)
  })

  it('reads the case files Windows tools saved (utf8-bom, utf16le) to the same bundle', () => {
    const fromBom = decodeText(caseFile('utf8-bom.bundle.json'))
    const fromUtf16 = decodeText(caseFile('utf16le.bundle.json'))
    expect(fromBom.startsWith('{')).toBe(true)
    expect(JSON.parse(fromUtf16)).toEqual(JSON.parse(fromBom))
  })

  it('refuses bytes that are not UTF-8, naming the offset of the first bad one', () => {
    const bytes = Buffer.concat([Buffer.from('{"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}')])
    expect(() => decodeText(bytes)).toThrow(TextDecodingError)
    expect(() => decodeText(bytes)).toThrow('not valid UTF-8: the bytes at offset 10 (0xE9 0x22 0x7D) are not a character')
  })

  it('finds the bad byte after characters of every length and a U+FFFD that is really there', () => {
    const before = Buffer.from('é \u{1F4B3} \uFFFD ok ')
    const bytes = Buffer.concat([before, Buffer.from([0xc3, 0x28])])
    expect(() => decodeText(bytes)).toThrow(`offset ${before.length} (0xC3 0x28)`)
  })

  it('names the encoding it does not read, and UTF-16 saved without a byte-order mark', () => {
    expect(() => decodeText(Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).toThrow('encoded as UTF-32LE')
    expect(() => decodeText(Buffer.from('{}', 'utf16le'))).toThrow('UTF-16 without a byte-order mark')
  })

  it('refuses UTF-16 holding an unpaired surrogate, naming the offset', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le'), Buffer.from([0x3d, 0xd8]), Buffer.from('c', 'utf16le')])
    expect(() => decodeText(bytes)).toThrow('not valid UTF-16LE: the bytes at offset 6')
  })
})
