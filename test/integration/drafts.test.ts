import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { DATABASE_FILE, openAppServices } from '../../electron/services/app-services'
import { editableFields } from '../../shared/domain/proposal-fields'
import { rejectReasonsFor } from '../../shared/domain/reject-reasons'
import { generatedTextCase } from '../fixtures/case-generator'
import { REVIEWER, teamQueue } from '../fixtures/sync-fixtures'
import { withReviewApi, type StartOptions } from '../fixtures/with-review-api'

// The reviewer's undecided edits (drafts) kept in the cache: through a restart, against the copy
// they were made on when a revision comes, and gone with the decision that took them.

const reviewApi = withReviewApi('countersign-drafts-')

async function started(options?: StartOptions) {
  const { app, dataDir, backend } = await reviewApi.start([generatedTextCase('draft-a'), generatedTextCase('draft-b')], options)
  const [first, second] = teamQueue(app).map((row) => app.review.caseDetail(row.casePk))
  expect(editableFields(first!.reviewCase).text).toBeDefined()
  return { app, dataDir, backend, first: first!, second: second! }
}

describe('drafts in the cache', () => {
  it('are kept through a restart, with the case as cached, and each save replaces the last', async () => {
    const { app, dataDir, first } = await started()
    expect(app.drafts.list()).toEqual([])
    expect(app.drafts.save(first.casePk, first.contentHash, { text: 'Dear Ms Ito,\r\nthe part ships today 🚚\u200b' }, {})).toEqual({ kept: true })
    expect(app.drafts.save(first.casePk, first.contentHash, { text: 'Dear Ms Ito,\r\nit ships tomorrow 🚚\u200b' }, {})).toEqual({ kept: true })
    app.close()

    const again = reviewApi.closeAfter(openAppServices({ dataDir, resourcesDir: join(__dirname, '../../resources'), reviewer: REVIEWER, appVersion: 'test', watchSla: false }))
    const [kept, ...others] = again.drafts.list()
    expect(others).toEqual([])
    expect(kept).toMatchObject({ edits: { text: 'Dear Ms Ito,\r\nit ships tomorrow 🚚\u200b' }, setAside: {}, base: null })
    expect(kept!.detail).toEqual(again.review.caseDetail(first.casePk))
  })

  it('no edits remove the draft', async () => {
    const { app, first, second } = await started()
    app.drafts.save(first.casePk, first.contentHash, { text: 'one' }, {})
    app.drafts.save(second.casePk, second.contentHash, { text: 'two' }, {})
    expect(app.drafts.save(first.casePk, first.contentHash, {}, {})).toEqual({ kept: true })
    expect(app.drafts.list().map((draft) => draft.detail.casePk)).toEqual([second.casePk])
  })

  it('go with the decision that took them, in its transaction; a save arriving after it keeps nothing', async () => {
    const { app, first, second } = await started()
    app.drafts.save(first.casePk, first.contentHash, { text: 'approved as edited' }, {})
    app.drafts.save(second.casePk, second.contentHash, { text: 'still to decide' }, {})
    await app.review.decide({
      casePk: first.casePk,
      revision: first.reviewCase.revision,
      shownContentHash: first.contentHash,
      outcome: 'approve',
      editedValues: { text: 'approved as edited' },
      openedAt: new Date().toISOString()
    })
    expect(app.drafts.list().map((draft) => draft.detail.casePk)).toEqual([second.casePk])
    // The window's last save of the edits, sent before the decision and answered after it.
    expect(app.drafts.save(first.casePk, first.contentHash, { text: 'approved as edited' }, {})).toEqual({ kept: false, reason: 'not-in-queue' })
    expect(app.drafts.list().map((draft) => draft.detail.casePk)).toEqual([second.casePk])
  })

  it('stay with a rejected case, which takes none, for its undo to give back', async () => {
    const { app, first } = await started({ undoGraceMs: 60_000 })
    app.drafts.save(first.casePk, first.contentHash, { text: 'my words' }, {})
    const decision = { casePk: first.casePk, revision: first.reviewCase.revision, shownContentHash: first.contentHash, openedAt: new Date().toISOString() }
    await app.review.decide({ ...decision, outcome: 'reject', reasonCode: rejectReasonsFor(first.reviewCase)[0]!.code })
    expect(app.drafts.list()).toEqual([])
    // The window's removal of the draft it no longer holds leaves the rejected case's.
    expect(app.drafts.save(first.casePk, first.contentHash, {}, {})).toEqual({ kept: true })
    const receipt = await app.review.undoLast()
    expect(receipt.edits).toEqual({ text: 'my words' })
    expect(app.drafts.list()).toMatchObject([{ edits: { text: 'my words' } }])
  })

  it('keep the copy they were made on when a revision comes, until the window saves them carried onto it', async () => {
    const { app, backend, first } = await started()
    app.drafts.save(first.casePk, first.contentHash, { text: 'my words' }, {})
    const revised = { ...first.reviewCase, title: `${first.reviewCase.title} (revised)` }
    backend.store.putCases([revised], REVIEWER)
    await app.sync.syncNow()
    const now = app.review.caseDetail(first.casePk)
    expect(now.reviewCase.revision).toBe(first.reviewCase.revision + 1)

    const [restored] = app.drafts.list()
    expect(restored!.detail.contentHash).toBe(now.contentHash)
    expect(restored!.base).toEqual(first.reviewCase)
    // The window still on the old copy: its edits are kept against it.
    expect(app.drafts.save(first.casePk, first.contentHash, { text: 'my words, more' }, {})).toEqual({ kept: true })
    expect(app.drafts.list()[0]).toMatchObject({ edits: { text: 'my words, more' }, base: first.reviewCase })
    // Carried onto the new copy: that copy is their base now.
    expect(app.drafts.save(first.casePk, now.contentHash, { text: 'my words, more' }, {})).toEqual({ kept: true })
    expect(app.drafts.list()[0]).toMatchObject({ edits: { text: 'my words, more' }, base: null })
    // A copy the cache never held, nor the draft: nothing is kept, and the draft stays as it was.
    expect(app.drafts.save(first.casePk, 'f'.repeat(64), { text: 'from nowhere' }, {})).toEqual({ kept: false, reason: 'other-copy' })
    expect(app.drafts.list()[0]).toMatchObject({ edits: { text: 'my words, more' } })
  })

  it('a stored draft that no longer reads as edits is left out of the list, and left stored', async () => {
    const { app, dataDir, first, second } = await started()
    app.drafts.save(first.casePk, first.contentHash, { text: 'fine' }, {})
    app.drafts.save(second.casePk, second.contentHash, { text: 'to be spoilt' }, {})
    spoil(dataDir, "edits = '{\"text\": 12'", second.casePk)
    expect(app.drafts.list().map((draft) => draft.detail.casePk)).toEqual([first.casePk])
    const raw = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
    expect(raw.prepare('SELECT edits FROM drafts WHERE case_pk = ?').pluck().get(second.casePk)).toBe('{"text": 12')
    raw.close()
  })

  it('a copy they were made on that no longer reads as a case is said so, and the other drafts still come back', async () => {
    const { app, dataDir, backend, first, second } = await started()
    app.drafts.save(first.casePk, first.contentHash, { text: 'on a copy to be spoilt' }, {})
    app.drafts.save(second.casePk, second.contentHash, { text: 'fine' }, {})
    backend.store.putCases([{ ...first.reviewCase, title: 'revised' }, { ...second.reviewCase, title: 'revised too' }], REVIEWER)
    await app.sync.syncNow()
    spoil(dataDir, "base_body = '{\"truncated'", first.casePk)
    spoil(dataDir, `base_body = '${JSON.stringify({ kind: 'field-verification', proposal: {} })}'`, second.casePk)
    const listed = app.drafts.list()
    expect(listed.map((draft) => [draft.detail.casePk, draft.base])).toEqual([
      [first.casePk, 'unreadable'],
      [second.casePk, 'unreadable']
    ])
    expect(listed.map((draft) => draft.edits)).toEqual([{ text: 'on a copy to be spoilt' }, { text: 'fine' }])
  })

  it('keep only edits of parts the case has, and the edits a revision set aside', async () => {
    const { app, first } = await started()
    expect(app.drafts.save(first.casePk, first.contentHash, { text: 'mine', constructor: 'x', 'fields.total': '1' }, { text: 'set aside' })).toEqual({ kept: true })
    expect(app.drafts.list()).toMatchObject([{ edits: { text: 'mine' }, setAside: { text: 'set aside' } }])
    // Set-aside edits alone are a draft too: shown until the case is decided.
    expect(app.drafts.save(first.casePk, first.contentHash, {}, { text: 'set aside' })).toEqual({ kept: true })
    expect(app.drafts.list()).toMatchObject([{ edits: {}, setAside: { text: 'set aside' } }])
  })

  it('are not kept for a case deferred, asking for information, or of a removed backend', async () => {
    const { app, first, second } = await started()
    const decision = { revision: first.reviewCase.revision, openedAt: new Date().toISOString() }
    app.drafts.save(first.casePk, first.contentHash, { text: 'before the deferral' }, {})
    await app.review.decide({ ...decision, casePk: first.casePk, shownContentHash: first.contentHash, outcome: 'defer', deferUntil: new Date(Date.now() + 3_600_000).toISOString() })
    expect(app.drafts.save(first.casePk, first.contentHash, { text: 'before the deferral' }, {})).toEqual({ kept: false, reason: 'not-in-queue' })
    app.drafts.save(second.casePk, second.contentHash, { text: 'before the question' }, {})
    await app.review.decide({ ...decision, casePk: second.casePk, shownContentHash: second.contentHash, outcome: 'needs-info', note: 'Which part?' })
    expect(app.drafts.save(second.casePk, second.contentHash, { text: 'before the question' }, {})).toEqual({ kept: false, reason: 'not-in-queue' })
    expect(app.drafts.list()).toEqual([])
  })

  it('of a backend removed in Settings do not come back', async () => {
    const { app, first } = await started()
    app.drafts.save(first.casePk, first.contentHash, { text: 'mine' }, {})
    await app.settings.remove('team', true)
    expect(app.drafts.list()).toEqual([])
    expect(app.drafts.save(first.casePk, first.contentHash, { text: 'mine' }, {})).toEqual({ kept: false, reason: 'not-in-queue' })
  })
})

/** Sets `assignment` (SQL) on case `casePk`'s stored draft, as a damaged file or an earlier version might have it. */
function spoil(dataDir: string, assignment: string, casePk: number): void {
  const db = new Database(join(dataDir, DATABASE_FILE))
  try {
    db.prepare(`UPDATE drafts SET ${assignment} WHERE case_pk = ?`).run(casePk)
  } finally {
    db.close()
  }
}
