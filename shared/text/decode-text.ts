/**
 * Bytes of a text file, as Windows and other tools save them, into a string (WHATWG Encoding
 * Standard decoders, via `TextDecoder`). A byte-order mark picks the encoding and is not part of
 * the text: UTF-8 (EF BB BF), UTF-16LE (FF FE), UTF-16BE (FE FF). Without one the bytes must be
 * UTF-8. Nothing is replaced: bytes that are not valid in their encoding are refused.
 */

/** The file's bytes cannot be read as text; the message names the encoding or the byte offset. */
export class TextDecodingError extends Error {
  override name = 'TextDecodingError'
}

const BOMS = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'UTF-32LE' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'UTF-32BE' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'UTF-8' },
  { bytes: [0xff, 0xfe], encoding: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], encoding: 'UTF-16BE' }
] as const

/** The encoding a byte-order mark at the start of `bytes` names, and the mark's length; null without one. */
export function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | null {
  const bom = BOMS.find((candidate) => candidate.bytes.every((byte, index) => bytes[index] === byte))
  return bom ? { encoding: bom.encoding, length: bom.bytes.length } : null
}

/**
 * Decodes a text file's bytes. Throws TextDecodingError for an encoding this app does not read
 * (UTF-32), for UTF-16 saved without a byte-order mark, and for bytes that are not valid in their
 * encoding, naming the offset (in bytes from the start of the file) of the first bad one.
 */
export function decodeText(bytes: Uint8Array): string {
  const bom = byteOrderMark(bytes)
  if (bom?.encoding.startsWith('UTF-32')) {
    throw new TextDecodingError(`it is encoded as ${bom.encoding}, which Countersign does not read; save it as UTF-8`)
  }
  const encoding = bom?.encoding ?? 'UTF-8'
  const body = bytes.subarray(bom?.length ?? 0)
  if (!bom && looksLikeUtf16(body)) {
    throw new TextDecodingError('it looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with a byte-order mark)')
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    const offset = (bom?.length ?? 0) + firstInvalidOffset(body, encoding)
    const shown = [...bytes.subarray(offset, offset + 4)].map((byte) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(' ')
    throw new TextDecodingError(`it is not valid ${encoding}: the bytes at offset ${offset} (${shown}) are not a character`)
  }
}

/**
 * Where the text starts when `decodeText` would read the bytes as UTF-8: after a UTF-8 byte-order
 * mark (3), or at 0 without one; null when it would read them otherwise or refuse them. The bytes
 * themselves are not checked here.
 */
export function utf8TextStart(bytes: Uint8Array): number | null {
  const bom = byteOrderMark(bytes)
  if (bom) return bom.encoding === 'UTF-8' ? bom.length : null
  return looksLikeUtf16(bytes) ? null : 0
}

/** ASCII saved as UTF-16 has a zero in every other byte; UTF-8 text has none. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && (bytes[0] === 0) !== (bytes[1] === 0)
}

/**
 * The offset of the first invalid sequence: everything before it decodes exactly, so the lenient
 * decoding's first U+FFFD that is not itself in the file marks the spot.
 */
function firstInvalidOffset(bytes: Uint8Array, encoding: string): number {
  const lenient = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes)
  const unitBytes = encoding === 'UTF-8' ? null : 2
  let from = 0
  for (;;) {
    const index = lenient.indexOf('\uFFFD', from)
    if (index < 0) return bytes.length
    const offset = unitBytes ? index * unitBytes : new TextEncoder().encode(lenient.slice(0, index)).length
    const genuine = new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
    try {
      if (genuine.decode(bytes.subarray(offset, offset + (unitBytes ?? 3))) === '\uFFFD') {
        from = index + 1
        continue
      }
    } catch {
      // not a U+FFFD written in the file: this is the bad sequence
    }
    return offset
  }
}
