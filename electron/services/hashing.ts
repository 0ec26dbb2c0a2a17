import { hash } from 'node:crypto'

/**
 * SHA-256 in lowercase hex, of a string's UTF-8 bytes or of raw bytes. Node's one-shot
 * `crypto.hash` (Node 20.12+): for short inputs, such as a case's JSON hashed once per case on
 * ingest, it costs about half of `createHash().update().digest()`, which builds a Hash object.
 */
export function sha256Hex(content: string | Uint8Array): string {
  return hash('sha256', content, 'hex')
}
