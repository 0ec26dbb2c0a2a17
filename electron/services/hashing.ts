import { createHash } from 'node:crypto'

/** SHA-256 in lowercase hex, of a string's UTF-8 bytes or of raw bytes. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex')
}
