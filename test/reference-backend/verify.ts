import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { canonicalJson } from '../../shared/canonical-json'
import type { DecisionEnvelope } from '../../shared/review-api/protocol'
import type { ReferenceStore } from './store'

export interface Refusal {
  code: 'unsigned' | 'unknown-key' | 'bad-signature' | 'invalid'
  detail: string
}

type VerificationKey = Awaited<ReturnType<typeof importJWK>>
const importedKeys = new WeakMap<ReferenceStore, Map<string, VerificationKey>>()

/** A registered key, imported once per store (registered keys never change under one kid). */
async function verificationKey(store: ReferenceStore, reviewer: string, kid: string): Promise<VerificationKey | undefined> {
  const cache = importedKeys.get(store) ?? new Map<string, VerificationKey>()
  importedKeys.set(store, cache)
  const cacheKey = `${reviewer}\u0000${kid}`
  if (!cache.has(cacheKey)) {
    const jwk = store.reviewerKey(reviewer, kid)
    if (!jwk) return undefined
    cache.set(cacheKey, await importJWK(jwk as JWK, 'EdDSA'))
  }
  return cache.get(cacheKey)
}

/**
 * The reference backend's check of a pushed decision: signed with a key this reviewer registered,
 * the signature valid, and the signed bytes exactly the envelope's record.
 */
export async function verifyEnvelope(store: ReferenceStore, reviewer: string, envelope: DecisionEnvelope): Promise<Refusal | null> {
  if (!envelope.jws) return { code: 'unsigned', detail: 'Decisions must be signed.' }
  let kid: string | undefined
  try {
    kid = decodeProtectedHeader(envelope.jws).kid
  } catch {
    return { code: 'bad-signature', detail: 'The jws is not a JWS.' }
  }
  const key = kid === undefined ? undefined : await verificationKey(store, reviewer, kid)
  if (!key) return { code: 'unknown-key', detail: `No key "${String(kid)}" is registered for ${reviewer}.` }
  let payload: string
  try {
    payload = new TextDecoder().decode((await compactVerify(envelope.jws, key)).payload)
  } catch {
    return { code: 'bad-signature', detail: 'The signature does not verify.' }
  }
  if (payload !== canonicalJson(envelope.record)) return { code: 'bad-signature', detail: 'The record is not what was signed.' }
  const record = envelope.record as { id?: unknown; caseId?: unknown; caseRevision?: unknown }
  if (record.id !== envelope.id || record.caseId !== envelope.caseId || record.caseRevision !== envelope.caseRevision) {
    return { code: 'invalid', detail: 'The envelope does not match its record.' }
  }
  return null
}
