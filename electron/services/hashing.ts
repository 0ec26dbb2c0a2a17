import { createHash } from 'node:crypto'
import { canonicalJson } from '../../shared/canonical-json'

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** SHA-256 of a value's canonical JSON: equal for equal content, whatever the key order. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value))
}
