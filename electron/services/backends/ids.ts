/**
 * How ids from backends are compared. A UUID (RFC 9562, section 4: hex digits are case-insensitive
 * on input and lower case on output) is compared in its canonical lower-case form, so a server
 * that echoes `3F2A…` for `3f2a…` still names the same thread or decision. Every other id is
 * opaque and compared exactly, code unit by code unit: no trimming, no case folding, no Unicode
 * normalization.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The form an id is stored and compared in: lower case for a UUID, unchanged otherwise. */
export function canonicalId(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : id
}

/** Whether two ids name the same thing (see above); a missing or non-string id matches nothing. */
export function sameId(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && canonicalId(a) === canonicalId(b)
}
