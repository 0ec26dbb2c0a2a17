import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compactVerify, importJWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { sha256Hex } from '../../electron/services/hashing'
import { verifyAuditLog } from '../../shared/audit/audit-log'
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../shared/bundle/bundle-schema'
import { readDecisionsBundle } from '../../shared/bundle/decisions-bundle'
import { canonicalJson } from '../../shared/canonical-json'
import { caseSchema, type Case } from '../../shared/domain/case'
import { parseJson, stringifyJson } from '../../shared/json/exact-json'
import type { DecisionEnvelope } from '../../shared/review-api/protocol'
import { fidelityCase } from '../fixtures/fidelity/corpus'
import { newToken, openWithBackend, REVIEWER, resourcesDir, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { useAppScope } from '../fixtures/app-scope'

// Numbers no double holds (`JSON.parse` would change them) inside a case's JSON Schema, through
// both backends: stored with their digits, read back, hashed, signed, pushed and exported with them.

/** Each number as sent, at the place in the case's JSON Schema (as a JSON member) where it is sent. */
const HUGE: readonly (readonly [member: string, digits: string])[] = [
  ['maximum', '123456789012345678901234567890'],
  ['minimum', '-0.1234567890123456789'],
  ['multipleOf', '1e400'],
  ['exclusiveMaximum', '9007199254740993']
]
const NESTED = ['const', '-98765432109876543210987654321.5e-3'] as const

const scope = useAppScope('countersign-exact-numbers-')

/** A text-approval case's JSON text whose proposal's JSON Schema holds every HUGE number (and NESTED, one level down). */
function caseText(id: string, baseTime: Date): string {
  const base = fidelityCase('line endings LF', baseTime)
  const schema: Record<string, unknown> = { type: 'object', properties: { amount: { type: 'number', [NESTED[0]]: '@NESTED@' } } }
  for (const [member] of HUGE) schema[member] = `@${member}@`
  const text = JSON.stringify({ ...base, id, title: `Exact numbers ${id}`, proposal: { text: '{"amount": 1}', format: 'json', jsonSchema: schema } })
  return HUGE.reduce((json, [member, digits]) => json.replace(`"@${member}@"`, digits), text).replace('"@NESTED@"', NESTED[1])
}

/** Every HUGE and NESTED number appears in `json` with its digits, as a member's value; no lossless-json object form. */
function expectDigits(json: string): void {
  for (const [member, digits] of [...HUGE, NESTED]) expect(json).toContain(`"${member}":${digits}`)
  expect(json).not.toContain('isLosslessNumber')
}

/** The case as the reviewer is shown it: read from the cache (`caseDetail`). */
function shownCase(app: AppServices, caseId: string): Case {
  const { pk } = app.db.prepare<[string], { pk: number }>('SELECT pk FROM cases WHERE id = ?').get(caseId)!
  return app.review.caseDetail(pk).reviewCase
}

async function approve(app: AppServices, caseId: string, editedValues?: Record<string, string>) {
  const { pk } = app.db.prepare<[string], { pk: number }>('SELECT pk FROM cases WHERE id = ?').get(caseId)!
  const detail = app.review.caseDetail(pk)
  return app.review.decide({ casePk: pk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString(), editedValues })
}

/** Stored, shown, hashed and signed with every digit; returns the record's JSON as signed. */
async function expectExactThrough(app: AppServices, caseId: string, sentText: string, envelope: DecisionEnvelope): Promise<void> {
  const stored = app.db.prepare<[string], { body: string }>('SELECT body FROM cases WHERE id = ?').get(caseId)!.body
  expectDigits(stored)
  const shown = shownCase(app, caseId)
  expectDigits(stringifyJson(shown))
  const expected = caseSchema.parse(parseJson(sentText))
  expect(stringifyJson(shown.proposal)).toBe(stringifyJson(expected.proposal))
  const [key] = app.keys.publicKeys()
  const signed = new TextDecoder().decode((await compactVerify(envelope.jws!, await importJWK(key!.jwk, 'EdDSA'))).payload)
  expectDigits(signed)
  expect(signed).toBe(canonicalJson(envelope.record))
  expect(envelope.record.shownContentHash).toBe(sha256Hex(canonicalJson({ ...expected, ownership: shown.ownership })))
}

describe('numbers a double cannot hold, in a case', () => {
  it('through a bundle file: stored, shown, hashed, signed, exported and in the audit log with every digit', async () => {
    const baseTime = new Date()
    const texts = ['exact-1', 'exact-2'].map((id) => caseText(id, baseTime))
    const file = join(scope.dir.path, 'exact.bundle.json')
    writeFileSync(file, `{"format":"${BUNDLE_FORMAT}","version":${BUNDLE_VERSION},"generatedAt":"${baseTime.toISOString()}","workspace":{"id":"exact","name":"Exact"},"cases":[${texts.join(',\n')}]}`)
    const app = (scope.services = openAppServices({ dataDir: join(scope.dir.path, 'app'), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false }))
    await app.settings.save({ config: { id: 'exact', kind: 'bundle', name: 'Exact', path: file, syncIntervalSeconds: 3600 } })
    await app.sync.syncNow('exact')
    expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
    await approve(app, 'exact-1')
    // The edited JSON is checked against the schema's exact `const` (compared as doubles), and kept as typed.
    await expect(approve(app, 'exact-2', { text: '{"amount": -1}' })).rejects.toThrow(/amount: Invalid input: expected -9\.87654321098765\d*e\+25/)
    const edited = `{"amount": ${NESTED[1]}}`
    expect((await approve(app, 'exact-2', { text: edited })).outcome).toBe('approve-with-edits')
    const exported = await app.exports.exportDecisions('exact')
    const exportedText = readFileSync(exported!.file, 'utf8')
    expectDigits(exportedText.replace(/\s/g, ''))
    const { decisions } = readDecisionsBundle(exportedText)
    expect(decisions).toHaveLength(2)
    expect(decisions.find((envelope) => envelope.caseId === 'exact-2')!.record.edits).toEqual([expect.objectContaining({ field: 'text', new: edited })])
    for (const [index, caseId] of ['exact-1', 'exact-2'].entries()) {
      await expectExactThrough(app, caseId, texts[index]!, decisions.find((envelope) => envelope.caseId === caseId)!)
    }
    // A second pull of the same file finds the same content: no revision fault, nothing changed.
    await app.sync.syncNow('exact')
    expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
    expect((await app.settings.list()).find((summary) => summary.config.id === 'exact')!.quarantined).toEqual([])
    const log = join(scope.dir.path, 'audit.jsonl')
    app.audit.exportLog(log)
    const logText = readFileSync(log, 'utf8')
    expectDigits(logText)
    expect(await verifyAuditLog(logText)).toMatchObject({ ok: true, count: 2 })
    expect(await app.audit.verifyChain()).toMatchObject({ ok: true, count: 2 })
  })

  it('through the Review API: pulled, shown, and pushed to the scope.backend signed over every digit', async () => {
    const token = newToken()
    scope.backend = await startBackend(scope.dir.path, token)
    const sentText = caseText('exact-api', new Date())
    scope.backend.store.putCases([parseJson(sentText) as Case], REVIEWER)
    const app = (scope.services = await openWithBackend(join(scope.dir.path, 'app'), scope.backend, token))
    await app.sync.syncNow()
    await approve(app, 'exact-api')
    await app.sync.syncNow()
    const [stored] = await waitFor(() => scope.backend!.store.decisions(), (decisions) => decisions.length === 1)
    // The reference backend accepts a decision only if its signature verifies over its record as received.
    expect(stored!.result.status).toBe('accepted')
    expectDigits(stringifyJson(stored!.envelope.record.proposed))
    await expectExactThrough(app, 'exact-api', sentText, stored!.envelope)
  })
})
