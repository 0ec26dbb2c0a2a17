import { join } from 'node:path'
import { compactVerify, importJWK } from 'jose'
import { expect, it } from 'vitest'
import { sha256Hex } from '../../electron/services/hashing'
import { canonicalJson } from '../../shared/canonical-json'
import { caseSchema, type Case } from '../../shared/domain/case'
import type { DecisionRecord } from '../../shared/domain/decision'
import { fidelityCase } from '../fixtures/fidelity/corpus'
import { newToken, openWithBackend, REVIEWER, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { useAppScope } from '../fixtures/app-scope'

// Attack 22, what arrives at a Review API service: a draft with a leading BOM, mixed line endings
// (LF, CRLF, lone CR), NUL, an RLO and a ZWJ emoji; the reviewer changes one letter on the CRLF
// line, the editor having rewritten every ending to LF. The pushed, signed edit is the draft with
// that letter changed and nothing else; the hash is that of the case as sent.

const scope = useAppScope('countersign-a22-review-api-')

it('the pushed edit is the draft with the one letter changed, every other code unit as sent', async () => {
  const draft = '\uFEFFDear Ms Ito,\nthe part ships today\r\nsigned \u202Eeman\u202C \u{1F468}\u200D\u{1F469}\u200D\u{1F467}\rNUL\u0000 end\n'
  const base = fidelityCase('line endings LF') as Extract<Case, { kind: 'text-approval' }>
  const sent: Case = { ...base, id: 'a22-pushed-edit', proposal: { text: draft, destination: 'Reply' } }
  const token = newToken()
  scope.backend = await startBackend(scope.dir.path, token)
  scope.backend.store.putCases([sent], REVIEWER)
  const app = (scope.services = await openWithBackend(join(scope.dir.path, 'app'), scope.backend, token))
  await app.sync.syncNow()
  const row = app.review.queuePage(0, 10).rows.find((candidate) => candidate.caseId === sent.id)!
  const detail = app.review.caseDetail(row.casePk)
  const fromEditor = draft.replace(/\r\n|\r|\n/g, '\n').replace('ships', 'Ships')
  await app.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString(), editedValues: { text: fromEditor } })
  await app.sync.syncNow()
  const [stored] = await waitFor(() => scope.backend!.store.decisions(), (decisions) => decisions.length === 1)
  expect(stored!.result.status).toBe('accepted')
  const [key] = app.keys.publicKeys()
  const { payload } = await compactVerify(stored!.envelope.jws!, await importJWK(key!.jwk, 'EdDSA'))
  const record = JSON.parse(new TextDecoder().decode(payload)) as DecisionRecord
  expect(record.outcome).toBe('approve-with-edits')
  expect(JSON.stringify(record.edits.map((edit) => edit.new))).toBe(JSON.stringify([draft.replace('ships', 'Ships')]))
  const asStored = { ...sent, ownership: { ...sent.ownership, assignee: REVIEWER } }
  expect(record.shownContentHash).toBe(sha256Hex(canonicalJson(caseSchema.parse(asStored))))
})
