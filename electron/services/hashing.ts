import { hash } from 'node:crypto'

/**
 * SHA-256 in lowercase hex, of a string's UTF-8 bytes or of raw bytes. Node's one-shot
 * `crypto.hash` (Node 20.12+) builds no Hash object: ingest hashes each case's JSON once.
 */
export function sha256Hex(content: string | Uint8Array): string {
  return hash('sha256', content, 'hex')
}
