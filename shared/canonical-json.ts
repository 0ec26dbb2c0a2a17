import canonicalize from 'canonicalize'

/** RFC 8785 (JCS) canonical JSON: the exact bytes that hashes and signatures cover. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value)
  if (text === undefined) throw new Error('canonicalJson: value has no JSON representation')
  return text
}
