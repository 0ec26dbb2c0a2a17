import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { z } from 'zod'
import { canonicalJson } from '../canonical-json'
import { parseJson } from '../json/exact-json'

/**
 * The exported audit log: JSON Lines. Line 1 names the format and carries the reviewer's public
 * keys; every further line is one decision: the record, its hash, and its JWS. Everything needed to
 * check it travels in the file, so verification needs no network and no app.
 */
export const AUDIT_LOG_FORMAT = 'countersign.audit-log'
export const DECISION_JWS_TYPE = 'countersign-decision+jws'

export const publicKeyEntrySchema = z.object({
  kid: z.string().min(1),
  jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(1) }),
  createdAt: z.string(),
  retiredAt: z.string().nullable()
})
export type PublicKeyEntry = z.infer<typeof publicKeyEntrySchema>

export const auditLogHeaderSchema = z.object({
  type: z.literal(AUDIT_LOG_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  reviewer: z.string(),
  /** The hash the first record's prevHash must equal: null when the log starts the chain. */
  chainStart: z.string().nullable(),
  keys: z.array(publicKeyEntrySchema)
})
export type AuditLogHeader = z.infer<typeof auditLogHeaderSchema>

const auditEntrySchema = z.strictObject({
  type: z.literal('decision'),
  recordHash: z.string(),
  record: z.record(z.string(), z.unknown()),
  jws: z.string()
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export type VerifyResult =
  | { ok: true; count: number; headHash: string | null }
  | { ok: false; line: number; decisionId: string | null; reason: string; goodBefore: number }

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Verifies a whole exported log given as its lines. */
export async function verifyAuditLog(text: string): Promise<VerifyResult> {
  const lines = text.split('\n').filter((line, index, all) => line.length > 0 || index < all.length - 1)
  const header = parseLine(lines[0] ?? '', auditLogHeaderSchema)
  if (typeof header === 'string') return { ok: false, line: 1, decisionId: null, reason: `not an audit log header: ${header}`, goodBefore: 0 }
  const entries: (AuditEntry | string)[] = lines.slice(1).map((line) => parseLine(line, auditEntrySchema))
  return verifyEntries(header.keys, entries, header.chainStart, 2)
}

/**
 * Checks every entry's signature, that the signed bytes are exactly its record, its hash, and
 * that each record's prevHash is the hash of the record before it. Reports the first bad entry
 * (counting lines from `firstLine`), or how many are good.
 */
export async function verifyEntries(
  keys: readonly PublicKeyEntry[],
  entries: readonly (AuditEntry | string)[],
  chainStart: string | null,
  firstLine = 1
): Promise<VerifyResult> {
  const publicKeys = new Map(await Promise.all(keys.map(async (key) => [key.kid, await importJWK(key.jwk as JWK, 'EdDSA')] as const)))
  let previousHash = chainStart
  for (let start = 0; start < entries.length; start += VERIFY_BATCH) {
    const batch = entries.slice(start, start + VERIFY_BATCH)
    const problems = await Promise.all(batch.map((entry) => (typeof entry === 'string' ? entry : checkEntry(entry, publicKeys))))
    for (const [offset, entry] of batch.entries()) {
      const index = start + offset
      const fail = (reason: string) =>
        ({ ok: false, line: firstLine + index, decisionId: typeof entry === 'string' ? null : String(entry.record['id'] ?? ''), reason, goodBefore: index }) as const
      const problem = problems[offset]
      if (problem) return fail(problem)
      const { record, recordHash } = entry as AuditEntry
      if ((record['prevHash'] ?? null) !== previousHash) {
        return fail(
          `breaks the chain: its prevHash is ${String(record['prevHash'])}, but the record before it hashes to ${String(previousHash)} ` +
            '(a record was removed, inserted or reordered)'
        )
      }
      previousHash = recordHash
    }
  }
  return { ok: true, count: entries.length, headHash: previousHash }
}

/** Signature checks run this many at a time; chain links are then checked in order. */
const VERIFY_BATCH = 512

type VerificationKey = Awaited<ReturnType<typeof importJWK>>

async function checkEntry(entry: AuditEntry, publicKeys: Map<string, VerificationKey>): Promise<string | null> {
  let kid: string | undefined
  try {
    const header = decodeProtectedHeader(entry.jws)
    if (header.alg !== 'EdDSA') return `signed with ${String(header.alg)}, not EdDSA`
    kid = header.kid
  } catch {
    return 'its jws is not a JWS'
  }
  const key = kid === undefined ? undefined : publicKeys.get(kid)
  if (!key) return `signed with a key this log does not list (${String(kid)})`
  let payload: string
  try {
    payload = new TextDecoder().decode((await compactVerify(entry.jws, key)).payload)
  } catch {
    return 'its signature does not verify'
  }
  const canonical = canonicalJson(entry.record)
  if (payload !== canonical) return `the record differs from what was signed (${firstDifference(JSON.parse(payload), entry.record)})`
  if ((await sha256Hex(canonical)) !== entry.recordHash) return 'recordHash is not the hash of the record'
  if (entry.record['keyId'] !== kid) return `keyId says ${String(entry.record['keyId'])} but it was signed with ${kid}`
  return null
}

/** The path of the first place two JSON values differ, for error messages. */
function firstDifference(signed: unknown, shown: unknown, path = 'record'): string {
  if (typeof signed !== 'object' || signed === null || typeof shown !== 'object' || shown === null) return path
  const keys = [...new Set([...Object.keys(signed), ...Object.keys(shown)])].sort()
  for (const key of keys) {
    const a = (signed as Record<string, unknown>)[key]
    const b = (shown as Record<string, unknown>)[key]
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) return firstDifference(a, b, `${path}.${key}`)
  }
  return path
}

function parseLine<T extends z.ZodType>(line: string, schema: T): z.output<T> | string {
  let json: unknown
  try {
    json = parseJson(line)
  } catch {
    return 'not valid JSON'
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`).join('; ')
  return parsed.data
}
