import canonicalize from 'canonicalize'
import { holdsExactNumber, isExactNumber } from './json/exact-json'

/**
 * RFC 8785 (JCS) canonical JSON: the exact bytes that hashes and signatures cover. A number that
 * `parseJson` kept exact (a `LosslessNumber`, which no double holds) is written with the digits it
 * arrived with: JCS writes numbers as doubles (§3.2.2.3) and would change it, and what a reviewer
 * signs must be what they were shown. A value without one is canonicalized by the `canonicalize`
 * library alone.
 */
export function canonicalJson(value: unknown): string {
  const text = holdsExactNumber(value) ? canonicalWithExactNumbers(value) : canonicalize(value)
  if (text === undefined) throw new Error('canonicalJson: value has no JSON representation')
  return text
}

/** `canonicalize`'s rules (members sorted by UTF-16 code units, `toJSON` honoured), a `LosslessNumber` written as its digits. */
function canonicalWithExactNumbers(value: unknown): string | undefined {
  if (isExactNumber(value)) return value.value
  if (value === null || typeof value !== 'object') return canonicalize(value)
  const withJson = value as { toJSON?: unknown }
  if (typeof withJson.toJSON === 'function') return canonicalWithExactNumbers((withJson.toJSON as () => unknown)())
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalWithExactNumbers(item) ?? 'null').join(',')}]`
  const members: string[] = []
  for (const key of Object.keys(value).sort()) {
    const text = canonicalWithExactNumbers((value as Record<string, unknown>)[key])
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`)
  }
  return `{${members.join(',')}}`
}
