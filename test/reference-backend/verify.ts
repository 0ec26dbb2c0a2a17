import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { canonicalJson } from '../../shared/canonical-json'
import type { DecisionEnvelope } from '../../shared/review-api/protocol'
import type { ReferenceStore } from './store'

export interface Refusal {
  code: 'unsigned' | 'unknown-key' | 'bad-signature' | 'invalid'
  detail: string
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
  const jwk = kid === undefined ? undefined : store.reviewerKey(reviewer, kid)
  if (!jwk) return { code: 'unknown-key', detail: `No key "${String(kid)}" is registered for ${reviewer}.` }
  let payload: string
  try {
    payload = new TextDecoder().decode((await compactVerify(envelope.jws, await importJWK(jwk as JWK, 'EdDSA'))).payload)
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
