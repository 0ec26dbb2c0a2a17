import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compactVerify, importJWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { importBundle } from '../../electron/services/backends/bundle/import-bundle'
import { CONFIG_FILE } from '../../electron/services/config/backend-config-store'
import { openDatabase } from '../../electron/services/db/connection'
import { sha256Hex } from '../../electron/services/hashing'
import { readDecisionsBundle } from '../../shared/bundle/decisions-bundle'
import { canonicalJson } from '../../shared/canonical-json'
import { caseSchema, type Case } from '../../shared/domain/case'
import type { DecisionRecord } from '../../shared/domain/decision'
import type { DecisionEnvelope } from '../../shared/review-api/protocol'
import {
  caseFile,
  EXACT_NUMBERS,
  fidelityBundleText,
  fidelityCase,
  fidelityCaseId,
  FIDELITY_NAMES,
  FIDELITY_TEXTS,
  hiddenFieldsCase,
  utf16le,
  utf8WithBom
} from '../fixtures/fidelity/corpus'
import { newToken, openWithBackend, REVIEWER, resourcesDir, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { useAppScope } from '../fixtures/app-scope'
import { openRepositories } from '../../electron/services/db/repositories'

// What you see is what you sign: the fidelity corpus and the case files that once broke it, sent
// through the bundle and Review API backends. Shown equals sent; an unedited approval returns
// exactly what was sent; the hash and the signature cover exactly that.

const scope = useAppScope('countersign-fidelity-')

function open(dataDir = join(scope.dir.path, 'app')): AppServices {
  scope.services = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  return scope.services
}

async function openWithBundle(bytes: Buffer, id = 'usb'): Promise<AppServices> {
  const file = join(scope.dir.path, `${id}.bundle.json`)
  writeFileSync(file, bytes)
  const app = open()
  await app.settings.save({ config: { id, kind: 'bundle', name: 'USB stick', path: file, syncIntervalSeconds: 3600 } })
  await app.sync.syncNow(id)
  return app
}

function detailOf(app: AppServices, caseId: string) {
  const row = app.review.queuePage(0, 500).rows.find((candidate) => candidate.caseId === caseId)
  if (!row) throw new Error(`no case ${caseId}; status: ${JSON.stringify(app.sync.status())}`)
  return app.review.caseDetail(row.casePk)
}

async function approve(app: AppServices, caseId: string, editedValues?: Record<string, string>) {
  const detail = detailOf(app, caseId)
  return app.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString(), editedValues })
}

/** The signed record: the signature verifies with the reviewer's key, and covers exactly the record. */
async function verifiedRecord(app: AppServices, envelope: DecisionEnvelope): Promise<DecisionRecord> {
  const [key] = app.keys.publicKeys()
  const { payload } = await compactVerify(envelope.jws!, await importJWK(key!.jwk, 'EdDSA'))
  const signed = new TextDecoder().decode(payload)
  expect(signed).toBe(canonicalJson(envelope.record))
  return JSON.parse(signed) as DecisionRecord
}

/** Shown equals sent, field by field, and the record of an unedited approval carries exactly it. */
function expectExact(shown: Case, sent: Case, record: DecisionRecord) {
  expect(shown).toEqual(caseSchema.parse(sent))
  expect(shown.title).toBe(sent.title)
  expect(shown.source.text).toBe(sent.source.text)
  expect(shown.proposal).toEqual(sent.proposal)
  expect(record.outcome).toBe('approve')
  expect(record.edits).toEqual([])
  expect(record.proposed).toEqual(sent.proposal)
  expect(record.shownContentHash).toBe(sha256Hex(canonicalJson(caseSchema.parse(sent))))
}

describe('the case files that broke it', () => {
  it('span-inside-emoji: a span that splits a surrogate pair is refused, naming case, evidence and field', () => {
    const db = openDatabase(join(scope.dir.path, 'cache.sqlite'))
    const report = importBundle(openRepositories(db), caseFile('span-inside-emoji.bundle.json'))
    db.close()
    expect(report.inserted).toBe(0)
    expect(report.rejected).toHaveLength(1)
    expect(report.rejected[0]!.message).toBe(
      'case "emoji-span-1" (#1): evidence.2.span.start: span of evidence "split-emoji" starts at 6, between the two UTF-16 code units of "💳" (U+1F4B3); ' +
        'spans count UTF-16 code units, so it would be 5 or 7'
    )
  })

  it('utf8-bom and utf16le: bundles saved by Windows tools are read as the same cases', async () => {
    const app = await openWithBundle(caseFile('utf8-bom.bundle.json'), 'bom')
    writeFileSync(join(scope.dir.path, 'utf16.json'), caseFile('utf16le.bundle.json'))
    await app.settings.save({ config: { id: 'utf16', kind: 'bundle', name: 'UTF-16', path: join(scope.dir.path, 'utf16.json'), syncIntervalSeconds: 3600 } })
    await app.sync.syncNow('utf16')
    const statuses = await waitFor(() => app.sync.status(), (all) => all.every((status) => status.state !== 'syncing'))
    expect(statuses.map((status) => [status.id, status.state, status.lastError])).toEqual([
      ['bom', 'idle', null],
      ['utf16', 'idle', null]
    ])
    const rows = app.review.queuePage(0, 100).rows
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.filter((row) => row.workspaceName === 'UTF-16').map((row) => row.title)).toEqual(
      rows.filter((row) => row.workspaceName === 'USB stick').map((row) => row.title)
    )
  })

  it('backends-with-bom: a hand-edited backends.json with a byte-order mark configures its backends', async () => {
    const dataDir = join(scope.dir.path, 'app')
    writeFileSync(join(scope.dir.path, 'utf8-bom.bundle.json'), caseFile('utf8-bom.bundle.json'))
    const config = caseFile('backends-with-bom.json')
    expect([...config.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const withFullPath = Buffer.from(config.toString('latin1').replace('"utf8-bom.bundle.json"', JSON.stringify(join(scope.dir.path, 'utf8-bom.bundle.json'))), 'latin1')
    open(dataDir).close()
    writeFileSync(join(dataDir, CONFIG_FILE), withFullPath)
    const app = open(dataDir)
    expect(app.review.summary().problems).toEqual([])
    await app.sync.syncNow()
    expect(app.sync.status()).toMatchObject([{ id: 'usb-stick', state: 'idle', lastError: null }])
  })

  it('mixed-line-endings: the editor’s line endings are no edit; the approval returns the draft as proposed', async () => {
    const app = await openWithBundle(caseFile('mixed-line-endings.bundle.json'))
    const proposed = detailOf(app, 'eol-draft-1').reviewCase.proposal as { text: string }
    // What Monaco hands back after `e`, a letter typed and deleted, `Esc`: one kind of line ending.
    const fromEditor = proposed.text.replace(/\r\n/g, '\n')
    expect(fromEditor).not.toBe(proposed.text)
    const receipt = await approve(app, 'eol-draft-1', { text: fromEditor })
    expect(receipt.outcome).toBe('approve')
    const [decision] = await app.exports.exportDecisions('usb').then((exported) => readDecisionsBundle(readFileSync(exported!.file)).decisions)
    expect(decision!.record['edits']).toEqual([])
    expect((decision!.record['proposed'] as { text: string }).text).toBe(proposed.text)
  })
})

describe('a config file that cannot be read', () => {
  it('does not stop the outbox: it says what is wrong and keeps delivering what was decided', async () => {
    const token = newToken()
    scope.backend = await startBackend(scope.dir.path, token)
    scope.backend.store.putCases([fidelityCase('line endings mixed')], REVIEWER)
    const dataDir = join(scope.dir.path, 'app')
    let app = await openWithBackend(dataDir, scope.backend, token)
    await app.sync.syncNow()
    const port = scope.backend.port
    await scope.backend.close()
    await approve(app, fidelityCaseId('line endings mixed'))
    app.close()

    // Saved by an editor in Latin-1: é is one byte, 0xE9, which is not UTF-8.
    const edited = readFileSync(join(dataDir, CONFIG_FILE), 'utf8').replace('Team cases', 'Team caf\u00e9s')
    writeFileSync(join(dataDir, CONFIG_FILE), Buffer.from(edited, 'latin1'))
    const offset = Buffer.from(edited.slice(0, edited.indexOf('\u00e9')), 'utf8').length
    scope.backend = await startBackend(scope.dir.path, token, { port })
    app = scope.services = open(dataDir)
    const [problem] = app.review.summary().problems
    expect(problem).toContain(`backends.json cannot be read as text: it is not valid UTF-8: the bytes at offset ${offset} (0xE9 `)
    expect(problem).toContain('the backends it last held (“Team cases”) keep syncing as they were, so decisions already made are still delivered')
    await app.sync.syncNow()
    await waitFor(() => scope.backend!.store.decisions(), (decisions) => decisions.length === 1)
    expect(scope.backend.store.decisions()[0]!.result.status).toBe('accepted')
  })
})

describe('the fidelity corpus through a bundle', () => {
  const bundleText = fidelityBundleText()
  const sent = (JSON.parse(bundleText) as { cases: Case[] }).cases

  for (const [encoding, bytes] of [
    ['UTF-8', Buffer.from(bundleText)],
    ['UTF-8 with a byte-order mark', utf8WithBom(bundleText)],
    ['UTF-16LE with a byte-order mark', utf16le(bundleText)]
  ] as const) {
    it(`${encoding}: shown equals sent, and unedited approvals return, hash and sign exactly it`, async () => {
      const app = await openWithBundle(bytes)
      expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
      const textCases = FIDELITY_NAMES.map((name) => fidelityCaseId(name))
      for (const caseId of textCases) await approve(app, caseId)
      const exported = await app.exports.exportDecisions('usb')
      const { decisions } = readDecisionsBundle(readFileSync(exported!.file))
      expect(decisions).toHaveLength(textCases.length)
      for (const envelope of decisions) {
        const sentCase = sent.find((item) => item.id === envelope.caseId)!
        const row = app.review.queuePage(0, 500).rows.find((candidate) => candidate.caseId === envelope.caseId)
        expect(row, 'decided cases leave the queue').toBeUndefined()
        expectExact(detailOfDecided(app, envelope.caseId), sentCase, await verifiedRecord(app, envelope))
      }
    })
  }

  it('numbers at the edges of a double keep their values; one a double would change refuses its case, saying why', async () => {
    const withUnsafe = fidelityBundleText().replace('"revision": 1,', '"revision": 9007199254740993,')
    const app = await openWithBundle(Buffer.from(withUnsafe))
    const numbers = detailOf(app, 'fidelity-numbers').reviewCase
    expect(numbers.revision).toBe(9007199254740991)
    expect(numbers.kind === 'classification' && numbers.proposal.alternatives.map((item) => item.score)).toEqual(EXACT_NUMBERS.map(([, value]) => value))
    const [quarantined] = (await app.settings.list()).find((summary) => summary.config.id === 'usb')!.quarantined
    expect(quarantined).toEqual({ caseId: fidelityCaseId(FIDELITY_NAMES[0]!), message: expect.stringContaining('revision: the number 9007199254740993 has more digits than') })
  })

  it('edits are only what the reviewer changed: the rest of a mixed-ending draft returns as sent', async () => {
    const app = await openWithBundle(Buffer.from(fidelityBundleText()))
    const proposed = FIDELITY_TEXTS['line endings mixed']
    const fromEditor = proposed.replace(/\r\n/g, '\n').replace('thank you.', 'thank you very much.')
    const receipt = await approve(app, fidelityCaseId('line endings mixed'), { text: fromEditor })
    expect(receipt.outcome).toBe('approve-with-edits')
    const { decisions } = readDecisionsBundle(readFileSync((await app.exports.exportDecisions('usb'))!.file))
    const record = await verifiedRecord(app, decisions[0]!)
    expect(record.edits).toEqual([
      expect.objectContaining({ field: 'text', old: proposed, new: proposed.replace('thank you.', 'thank you very much.') })
    ])
  })

  it('the field-verification case keeps its hidden characters in every field, shown and returned', async () => {
    const app = await openWithBundle(Buffer.from(fidelityBundleText()))
    const sentCase = hiddenFieldsCase()
    expect(detailOf(app, sentCase.id).reviewCase.proposal).toEqual(sentCase.proposal)
    await approve(app, sentCase.id)
    const { decisions } = readDecisionsBundle(readFileSync((await app.exports.exportDecisions('usb'))!.file))
    expect((await verifiedRecord(app, decisions[0]!)).proposed).toEqual(sentCase.proposal)
  })
})

describe('the fidelity corpus through the Review API', () => {
  it('shown equals sent; unedited approvals arrive signed over exactly what was sent', async () => {
    const token = newToken()
    scope.backend = await startBackend(scope.dir.path, token)
    const sent = [...FIDELITY_NAMES.map((name) => fidelityCase(name)), hiddenFieldsCase()]
    scope.backend.store.putCases(sent, REVIEWER)
    const app = (scope.services = await openWithBackend(join(scope.dir.path, 'app'), scope.backend, token))
    await app.sync.syncNow()
    for (const reviewCase of sent) await approve(app, reviewCase.id)
    await app.sync.syncNow()
    await waitFor(() => scope.backend!.store.decisions(), (decisions) => decisions.length === sent.length)
    for (const stored of scope.backend.store.decisions()) {
      // The reference backend accepts a decision only if its signature verifies over its record.
      expect(stored.result.status).toBe('accepted')
      const sentCase = sent.find((item) => item.id === stored.caseId)!
      const sentAsStored = { ...sentCase, ownership: { ...sentCase.ownership, assignee: REVIEWER } }
      expectExact(detailOfDecided(app, stored.caseId), sentAsStored, await verifiedRecord(app, stored.envelope))
    }
  })
})

/** A decided case's detail, read from the cache by id (it has left the queue). */
function detailOfDecided(app: AppServices, caseId: string) {
  const { pk } = app.db.prepare<[string], { pk: number }>('SELECT pk FROM cases WHERE id = ?').get(caseId)!
  return app.review.caseDetail(pk).reviewCase
}
