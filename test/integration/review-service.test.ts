import { join } from 'node:path'
import Database from 'better-sqlite3'
import { CaseIngest } from '../../electron/services/sync/case-ingest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE, openAppServices, type AppServices } from '../../electron/services/app-services'
import { sha256Hex } from '../../electron/services/hashing'
import { canonicalJson } from '../../shared/canonical-json'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'

const resourcesDir = join(__dirname, '../../resources')
let dir: ReturnType<typeof makeTempDir>
let services: AppServices
const open = () => openAppServices({ dataDir: dir.path, resourcesDir, reviewer: 'dana', appVersion: '1.2.3' })

beforeEach(() => {
  dir = makeTempDir()
  services = open()
})
afterEach(() => {
  services.close()
  dir.remove()
})

const openedAt = new Date().toISOString()
function caseAt(index: number) {
  const row = services.review.queuePage(index, 1).rows[0]!
  return services.review.caseDetail(row.casePk)
}

describe('review service on the demo workspace', () => {
  it('imports the demo on first launch only, ordered by due time', () => {
    const page = services.review.queuePage(0, 500)
    expect(page.total).toBeGreaterThanOrEqual(60)
    expect(page.rows.every((row) => row.isDemo)).toBe(true)
    const due = page.rows.map((row) => Date.parse(row.dueAt))
    expect(due).toEqual([...due].sort((a, b) => a - b))
    services.close()
    services = open()
    expect(services.review.queuePage(0, 1).total).toBe(page.total)
  })

  it('pages the queue without sending it whole', () => {
    const first = services.review.queuePage(0, 20)
    const second = services.review.queuePage(20, 20)
    expect(first.rows).toHaveLength(20)
    expect(second.rows[0]!.casePk).not.toBe(first.rows[19]!.casePk)
    expect(new Set([...first.rows, ...second.rows].map((r) => r.casePk)).size).toBe(40)
  })

  it('sends the details of the case at the asked position with its page, and only when it is on the page', () => {
    const page = services.review.queuePage(20, 20, {}, 23)
    expect(page.detail).toEqual(services.review.caseDetail(page.rows[3]!.casePk))
    expect(services.review.queuePage(20, 20).detail).toBeUndefined()
    expect(services.review.queuePage(20, 20, {}, 19).detail).toBeUndefined()
    expect(services.review.queuePage(20, 20, {}, 40).detail).toBeUndefined()
  })

  it('records approve and reject durably, chained by hash, and drops them from the queue', async () => {
    const first = caseAt(0)
    const second = caseAt(1)
    const { total } = services.review.queuePage(0, 1)
    await services.review.decide({ casePk: first.casePk, revision: first.reviewCase.revision, outcome: 'approve', openedAt })
    const rejectCode = (second.reviewCase.rejectReasons ?? [{ code: 'incorrect' }])[0]!.code
    const receipt = await services.review.decide({
      casePk: second.casePk,
      revision: second.reviewCase.revision,
      outcome: 'reject',
      reasonCode: rejectCode,
      note: '  wrong customer  ',
      openedAt
    })
    expect(receipt.counts).toEqual({ pending: total - 2, decided: 2 })
    services.close()

    const rows = readDecisionRows(dir.path)
    expect(rows.map((r) => r.outcome)).toEqual(['approve', 'reject'])
    const [approve, reject] = rows.map((r) => r.record)
    expect(approve).toMatchObject({ caseId: first.reviewCase.id, reviewer: 'dana', appVersion: '1.2.3', prevHash: null, edits: [] })
    expect(approve!.shownContentHash).toBe(sha256Hex(canonicalJson(first.reviewCase)))
    expect(reject).toMatchObject({ caseId: second.reviewCase.id, reasonCode: rejectCode, note: 'wrong customer' })
    expect(reject!.prevHash).toBe(sha256Hex(canonicalJson(approve)))
    services = open()
    expect(services.review.queuePage(0, 500).rows.map((r) => r.casePk)).not.toContain(first.casePk)
  })

  it('captures an edit of a text draft as approve-with-edits with old and new text', async () => {
    const draftCase = services.review.queuePage(0, 500).rows.find((row) => row.kind === 'text-approval')!
    const detail = services.review.caseDetail(draftCase.casePk)
    const old = detail.reviewCase.kind === 'text-approval' ? detail.reviewCase.proposal.text : ''
    const edited = old.replace('Kind regards', 'Warm regards')
    const receipt = await services.review.decide({ casePk: detail.casePk, revision: 1, outcome: 'approve', editedValues: { text: edited }, openedAt })
    expect(receipt.outcome).toBe('approve-with-edits')
    const [edit] = readDecisionRows(dir.path)[0]!.record.edits
    expect(edit).toMatchObject({ field: 'text', old, new: edited })
    expect(edit!.ranges).toEqual([{ oldStart: old.indexOf('Kind'), oldEnd: old.indexOf('Kind') + 4, newStart: old.indexOf('Kind'), newEnd: old.indexOf('Kind') + 4, removed: 'Kind', added: 'Warm' }])
  })

  it('refuses what it must, with reasons a reviewer can act on, and stores nothing', async () => {
    const detail = caseAt(0)
    const base = { casePk: detail.casePk, openedAt }
    await expect(services.review.decide({ ...base, revision: 2, outcome: 'approve' })).rejects.toThrow(/changed while you reviewed it/)
    await expect(services.review.decide({ ...base, revision: 1, outcome: 'reject', reasonCode: 'made-up' })).rejects.toThrow(/"made-up" is not a reject reason/)
    await expect(services.review.decide({ ...base, revision: 1, outcome: 'approve', editedValues: { title: 'x' } })).rejects.toThrow(/cannot be edited/)
    // Paths named like an object's own members are no fields either (they once signed an edit with no old value).
    for (const path of ['constructor', 'toString', '__proto__']) {
      await expect(services.review.decide({ ...base, revision: 1, outcome: 'approve', editedValues: JSON.parse(`{"${path}": "x"}`) as Record<string, string> }), path).rejects.toThrow(`The field "${path}" of a`)
    }
    expect(() => services.review.caseDetail(999_999)).toThrow(/no case 999999/)
    expect(readDecisionRows(dir.path)).toHaveLength(0)
    await services.review.decide({ ...base, revision: 1, outcome: 'approve' })
    await expect(services.review.decide({ ...base, revision: 1, outcome: 'approve' })).rejects.toThrow(/already been decided/)
    expect(readDecisionRows(dir.path)).toHaveLength(1)
  })

  it('refuses a case cached by an earlier version that breaks a rule of this one, naming it, and records nothing', async () => {
    const row = services.review.queuePage(0, 500).rows.find((candidate) => candidate.kind === 'text-approval')!
    const { reviewCase, workspaceId } = services.review.caseDetail(row.casePk)
    // A copy cached before the schema refused an option taken with the reject key that is final.
    const contradictory = { ...reviewCase, options: [...reviewCase.options, { id: 'purge', label: 'Purge the thread', recommended: false, via: 'reject', effect: { actsOnProposal: false, needsConfirmation: false, irreversible: true } }] }
    const db = new Database(join(dir.path, DATABASE_FILE))
    const body = JSON.stringify(contradictory)
    db.prepare('UPDATE cases SET body = ?, content_hash = ? WHERE pk = ?').run(body, sha256Hex(body), row.casePk)
    db.close()
    const decision = services.review.decide({ casePk: row.casePk, revision: reviewCase.revision, outcome: 'approve', openedAt })
    await expect(decision).rejects.toMatchObject({ code: 'invalid-case' })
    await expect(decision).rejects.toThrow(/^this case, cached by an earlier version of Countersign, breaks a rule of this one \(.*option "purge" is taken with the reject key.*\); it can be decided once its backend sends it again: “.+”\.$/)
    expect(readDecisionRows(dir.path)).toHaveLength(0)
    expect(services.review.caseDetail(row.casePk).state).toBe('pending')
    // A copy at an older revision than the stale one is refused as ever, and replaces nothing.
    const setRevision = (revision: number) => {
      const writer = new Database(join(dir.path, DATABASE_FILE))
      writer.prepare('UPDATE cases SET revision = ? WHERE pk = ?').run(revision, row.casePk)
      writer.close()
    }
    setRevision(2)
    expect(new CaseIngest(services.repositories).apply(workspaceId, [{ type: 'case', case: reviewCase }], new Date().toISOString())).toMatchObject({ updated: 0, rejected: [{ fault: 'revision-backwards' }] })
    setRevision(1)
    // Its backend sends it again, valid, at the same revision: that copy replaces the stale one
    // (it is no change under the revision, which would be refused), and the case can be decided.
    const report = new CaseIngest(services.repositories).apply(workspaceId, [{ type: 'case', case: reviewCase }], new Date().toISOString())
    expect(report).toMatchObject({ updated: 1, rejected: [] })
    expect(services.review.caseDetail(row.casePk).reviewCase).toEqual(reviewCase)
    await services.review.decide({ casePk: row.casePk, revision: reviewCase.revision, outcome: 'approve', openedAt })
    expect(readDecisionRows(dir.path)).toHaveLength(1)
  })

  it('keeps the database in WAL mode with foreign keys on', () => {
    expect(services.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(services.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(services.db.name).toBe(join(dir.path, DATABASE_FILE))
  })
})

describe('queue position', () => {
  it('is the index of a pending case in the queue order, and null once it is decided', async () => {
    const rows = services.review.queuePage(0, 500).rows
    for (const index of [0, 1, 17, rows.length - 1]) expect(services.review.queuePosition(rows[index]!.casePk)).toBe(index)
    const detail = services.review.caseDetail(rows[3]!.casePk)
    await services.review.decide({ casePk: detail.casePk, revision: 1, outcome: 'approve', openedAt })
    expect(services.review.queuePosition(detail.casePk)).toBeNull()
    expect(services.review.queuePosition(rows[4]!.casePk)).toBe(3)
  })
})

describe('outcomes beyond approve and reject', () => {
  const rowsOfKind = (kind: string) => services.review.queuePage(0, 500).rows.filter((row) => row.kind === kind)

  it('records a chosen option, and refuses one the case does not offer', async () => {
    const detail = services.review.caseDetail(rowsOfKind('classification')[0]!.casePk)
    const option = detail.reviewCase.options[1]!
    await expect(services.review.decide({ casePk: detail.casePk, revision: 1, outcome: 'choose-option', optionId: 'nope', openedAt })).rejects.toThrow(/"nope" is not an option/)
    await services.review.decide({ casePk: detail.casePk, revision: 1, outcome: 'choose-option', optionId: option.id, openedAt })
    expect(readDecisionRows(dir.path)[0]!.record).toMatchObject({ outcome: 'choose-option', optionId: option.id })
  })

  it('records field corrections and merge survivors as edits by path', async () => {
    const invoice = services.review.caseDetail(rowsOfKind('field-verification')[0]!.casePk)
    await services.review.decide({ casePk: invoice.casePk, revision: 1, outcome: 'approve', editedValues: { 'fields.total': '1.00', 'fields.vendor': invoice.reviewCase.kind === 'field-verification' ? invoice.reviewCase.proposal.fields[0]!.value : '' }, openedAt })
    const [invoiceEdit] = readDecisionRows(dir.path)[0]!.record.edits
    expect(invoiceEdit).toMatchObject({ field: 'fields.total', new: '1.00' })
    expect(readDecisionRows(dir.path)[0]!.record.edits).toHaveLength(1)

    const merge = services.review.caseDetail(rowsOfKind('record-merge')[0]!.casePk)
    if (merge.reviewCase.kind !== 'record-merge') throw new Error('not a merge')
    const [a, b] = merge.reviewCase.proposal.records
    await expect(services.review.decide({ casePk: merge.casePk, revision: 1, outcome: 'approve', editedValues: { 'survivors.email': 'CRM-0' }, openedAt })).rejects.toThrow(/not one of the choices/)
    await services.review.decide({ casePk: merge.casePk, revision: 1, outcome: 'approve', editedValues: { 'survivors.email': b!.id }, openedAt })
    expect(readDecisionRows(dir.path)[1]!.record).toMatchObject({ outcome: 'approve-with-edits', edits: [{ field: 'survivors.email', old: a!.id, new: b!.id }] })
  })

  it('reroutes out of the queue, defers until a time, and parks needs-info until the case is revised', async () => {
    const [rerouted, deferred, asked] = services.review.queuePage(0, 3).rows
    const total = services.review.queuePage(0, 1).total
    const receipt = await services.review.decide({ casePk: rerouted!.casePk, revision: 1, outcome: 'reroute', rerouteTo: 'finance-ops', openedAt })
    // A reroute is a decision made here: the status bar counts it as decided, and the header and the bar agree.
    expect(receipt.counts).toEqual({ pending: total - 1, decided: 1 })
    expect(services.review.summary().counts).toEqual(receipt.counts)
    const later = new Date(Date.now() + 3_600_000).toISOString()
    await services.review.decide({ casePk: deferred!.casePk, revision: 1, outcome: 'defer', deferUntil: later, openedAt })
    await services.review.decide({ casePk: asked!.casePk, revision: 1, outcome: 'needs-info', note: 'Which order is this about?', openedAt })
    expect(services.review.queuePage(0, 1).total).toBe(total - 3)
    expect(readDecisionRows(dir.path).map((row) => [row.record.outcome, row.record.rerouteTo, row.record.deferUntil])).toEqual([
      ['reroute', 'finance-ops', null],
      ['defer', null, later],
      ['needs-info', null, null]
    ])
    // A deferred case is still undecided: it comes back and can be decided then.
    expect(services.review.caseDetail(deferred!.casePk).state).toBe('pending')
  })
})

describe('undo', () => {
  it('retracts the last decision inside the grace window with a new signed record, and the case returns', async () => {
    const [row] = services.review.queuePage(0, 1).rows
    const total = services.review.queuePage(0, 1).total
    expect(services.review.summary().undoableUntil).toBeNull()
    const receipt = await services.review.decide({ casePk: row!.casePk, revision: 1, outcome: 'approve', openedAt })
    expect(services.review.queuePage(0, 1).total).toBe(total - 1)
    // The summary says until when u can take it back, here and after a restart within the window.
    expect(services.review.summary().undoableUntil).toBe(receipt.undoableUntil)
    services.close()
    services = open()
    expect(services.review.summary().undoableUntil).toBe(receipt.undoableUntil)
    const undone = await services.review.undoLast()
    expect(services.review.summary().undoableUntil).toBeNull()
    expect(undone).toMatchObject({ retractedDecisionId: receipt.decisionId, casePk: row!.casePk, edits: {} })
    // The case comes with it, as the retraction left it: pending again, at the revision decided.
    expect(undone.detail).toMatchObject({ casePk: row!.casePk, state: 'pending', reviewCase: { revision: 1 } })
    expect(services.review.queuePage(0, 1).total).toBe(total)
    const rows = readDecisionRows(dir.path)
    expect(rows.map((r) => r.outcome)).toEqual(['approve', 'retract'])
    expect(rows[1]!.record.retracts).toBe(receipt.decisionId)
    await expect(services.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 2 })
    await expect(services.review.undoLast()).rejects.toThrow(/no decision to undo/)
  })

  it('gives back the edits of the decision it takes back, as approved (line endings included)', async () => {
    const draftCase = services.review.queuePage(0, 500).rows.find((row) => row.kind === 'text-approval')!
    const detail = services.review.caseDetail(draftCase.casePk)
    const old = detail.reviewCase.kind === 'text-approval' ? detail.reviewCase.proposal.text : ''
    const edited = `${old}\nP.S. Thanks for waiting.`
    await services.review.decide({ casePk: detail.casePk, revision: 1, outcome: 'approve', editedValues: { text: edited }, openedAt })
    const approved = readDecisionRows(dir.path).at(-1)!.record.edits[0]!.new
    await expect(services.review.undoLast()).resolves.toMatchObject({ casePk: detail.casePk, edits: { text: approved } })
  })

  it('explains why a decision past its window cannot be undone', async () => {
    services.close()
    services = openAppServices({ dataDir: dir.path, resourcesDir, reviewer: 'dana', appVersion: '1.2.3', undoGraceMs: 0 })
    const [row] = services.review.queuePage(0, 1).rows
    await services.review.decide({ casePk: row!.casePk, revision: 1, outcome: 'approve', openedAt })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(services.review.summary().undoableUntil).toBeNull()
    await expect(services.review.undoLast()).rejects.toThrow(/^the 0-second undo window has passed and your decision on “.+” is final \(no backend takes it back\)\.$/)
  })
})

describe('queue sorts and filters', () => {
  it('orders by due time, risk or priority, with positions that match the pages', () => {
    for (const sort of ['due', 'risk', 'priority'] as const) {
      const rows = services.review.queuePage(0, 500, { sort }).rows
      expect(rows.length).toBeGreaterThanOrEqual(60)
      for (const index of [0, 5, rows.length - 1]) expect(services.review.queuePosition(rows[index]!.casePk, { sort }), sort).toBe(index)
    }
    const byPriority = services.review.queuePage(0, 500, { sort: 'priority' }).rows.map((row) => ['low', 'normal', 'high', 'urgent'].indexOf(row.priority))
    expect(byPriority).toEqual([...byPriority].sort((a, b) => b - a))
  })

  it('narrows to a kind, to overdue, irreversible or money cases, and says how many match', () => {
    const now = Date.now()
    const kind = services.review.queuePage(0, 500, { kind: 'record-merge' })
    expect(kind.rows.every((row) => row.kind === 'record-merge')).toBe(true)
    expect(kind.total).toBe(kind.rows.length)
    const overdue = services.review.queuePage(0, 500, { overdue: true }).rows
    expect(overdue.every((row) => Date.parse(row.dueAt) < now)).toBe(true)
    const risky = services.review.queuePage(0, 500, { irreversible: true, money: true }).rows
    expect(risky.length).toBeGreaterThan(0)
    expect(risky.every((row) => !row.reversible && row.touchesMoney)).toBe(true)
    expect(services.review.queuePage(0, 1, { kind: 'classification', text: 'zzz-no-such-title' }).total).toBe(0)
  })
})
