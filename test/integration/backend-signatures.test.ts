import { randomUUID } from 'node:crypto'
import { CompactSign, generateKeyPair } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { canonicalJson } from '../../shared/canonical-json'
import type { DecisionEnvelope, PushItemResult } from '../../shared/review-api/protocol'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { REVIEWER, teamQueue, waitFor } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

const suite = withReviewApi(undefined, { per: 'file' })
let backend: ReferenceBackend
let services: AppServices
let token: string
let accepted: DecisionEnvelope

beforeAll(async () => {
  ;({ app: services, backend } = await suite.start(generateCases({ count: 3, seed: 51, baseTime: new Date() })))
  token = suite.token
  const [row] = teamQueue(services)
  await services.review.decide({ casePk: row!.casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString() })
  const [stored] = await waitFor(() => backend.store.decisions(), (list) => list.length === 1)
  expect(stored!.result.status).toBe('accepted')
  accepted = stored!.envelope
})

async function push(envelope: DecisionEnvelope): Promise<PushItemResult> {
  const response = await fetch(`${backend.url}/v1/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decisions: [envelope] })
  })
  return ((await response.json()) as { results: PushItemResult[] }).results[0]!
}

describe('the reference backend verifies every signed decision', () => {
  it('registered the reviewer key before the first push', async () => {
    const { kid } = await services.keys.activeKey()
    expect(backend.store.reviewerKey(REVIEWER, kid)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })
    expect(backend.requests.findIndex((r) => r.path.startsWith('/v1/reviewer/keys/'))).toBeLessThan(backend.requests.findIndex((r) => r.path === '/v1/decisions'))
  })

  it('rejects a tampered envelope', async () => {
    const id = randomUUID()
    const tampered = { ...accepted, id, record: { ...accepted.record, id, outcome: 'reject' } }
    await expect(push(tampered)).resolves.toMatchObject({ status: 'rejected', code: 'bad-signature' })
  })

  it('rejects an envelope signed with a key the reviewer never registered', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    const id = randomUUID()
    const record = { ...accepted.record, id, keyId: 'not-registered' }
    const jws = await new CompactSign(new TextEncoder().encode(canonicalJson(record))).setProtectedHeader({ alg: 'EdDSA', kid: 'not-registered' }).sign(privateKey)
    await expect(push({ ...accepted, id, record, jws })).resolves.toMatchObject({ status: 'rejected', code: 'unknown-key' })
  })

  it('rejects a replay of a decision id with changed content, and answers an exact replay as a duplicate', async () => {
    await expect(push({ ...accepted, record: { ...accepted.record, note: 'changed afterwards' } })).resolves.toMatchObject({
      status: 'rejected',
      code: 'id-reused'
    })
    await expect(push(accepted)).resolves.toMatchObject({ status: 'duplicate' })
    expect(backend.store.decisions().filter((d) => d.result.status === 'accepted')).toHaveLength(1)
  })
})
