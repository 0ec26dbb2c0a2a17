import Database from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { openAppServices } from '../../electron/services/app-services'
import { CaseIngest } from '../../electron/services/sync/case-ingest'
import { openDatabase } from '../../electron/services/db/connection'
import { openRepositories } from '../../electron/services/db/repositories'
import { canonicalJson } from '../../shared/canonical-json'
import { createHash } from 'node:crypto'
import { generateBundle, generateCases } from '../fixtures/case-generator'
import { resourcesDir, REVIEWER, teamQueue } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

// A case's content changes only with a new revision. Everything downstream names what the reviewer
// saw by (case, revision): the diff's models, the "updated while open" notice, the decision guard.
// So other content under a revision already received, or an older revision, is a protocol fault:
// the cache keeps its copy (and any decision on it), the sync names the backend, the case and what
// was wrong, and the rest of the page still ingests.

const reviewApi = withReviewApi()

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The cached rows and decisions, read from the app's SQLite file by a connection of its own. */
function stored(dataDir: string): { cases: unknown[]; decisions: unknown[] } {
  const file = new Database(join(dataDir, 'countersign.sqlite'), { readonly: true })
  try {
    return {
      cases: file.prepare(`SELECT * FROM cases WHERE workspace_id IN ('team', 'field') ORDER BY pk`).all(),
      decisions: file.prepare('SELECT * FROM decisions ORDER BY seq').all()
    }
  } finally {
    file.close()
  }
}

function detailOf(app: AppServices, caseId: string) {
  const row = teamQueue(app).find((candidate) => candidate.caseId === caseId) ?? app.review.queuePage(0, 500).rows.find((candidate) => candidate.caseId === caseId)
  if (row) return app.review.caseDetail(row.casePk)
  const pk = app.repositories.cases.pkOf('team', caseId)
  return app.review.caseDetail(pk!)
}

it('a Review API service that rewrites cases under the same revision: the cached copies and a decision on one stay, the sync names the service and the cases, the rest of the page ingests', async () => {
  const [a, b, c, d] = generateCases({ count: 4, seed: 21, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([a!, b!, c!])
  const seenA = detailOf(app, a!.id)
  const seenB = detailOf(app, b!.id)
  await app.review.decide({ casePk: seenB.casePk, revision: 1, shownContentHash: seenB.contentHash, outcome: 'approve', openedAt: new Date().toISOString() })
  const { cases: casesBefore, decisions } = stored(dataDir)
  const storedA = casesBefore.find((row) => (row as { id: string }).id === a!.id)
  const storedB = casesBefore.find((row) => (row as { id: string }).id === b!.id)

  // A and B rewritten in place (revision 1, other amounts); C properly revised; D new.
  reviewApi.backend.store.rewriteWithoutRevision(a!.id, (reviewCase) => ({ ...reviewCase, title: 'Pay 100000 EUR' }))
  reviewApi.backend.store.rewriteWithoutRevision(b!.id, (reviewCase) => ({ ...reviewCase, title: 'Pay 100000 EUR' }))
  reviewApi.backend.store.revise(c!.id, (reviewCase) => ({ ...reviewCase, title: 'Revised properly' }))
  reviewApi.backend.store.putCases([d!], REVIEWER)
  await app.sync.syncNow()

  const after = stored(dataDir)
  expect(after.cases.find((row) => (row as { id: string }).id === a!.id)).toEqual(storedA)
  expect(after.cases.find((row) => (row as { id: string }).id === b!.id)).toEqual(storedB)
  expect(after.decisions).toEqual(decisions)
  expect(detailOf(app, a!.id)).toMatchObject({ reviewCase: seenA.reviewCase, contentHash: seenA.contentHash })
  expect(detailOf(app, c!.id).reviewCase).toMatchObject({ revision: 2, title: 'Revised properly' })
  expect(teamQueue(app).map((row) => row.caseId)).toContain(d!.id)

  expect(app.sync.status()[0]).toMatchObject({
    state: 'error',
    fault: 'revision-reused',
    quarantined: 2,
    lastError: `Team cases broke the sync protocol: case "${a!.id}" (#1) changed under revision 1 without a new revision; the copy received before is kept, and a decision is only recorded on what you were shown (and 1 more case, listed in Settings).`
  })
  const listed = (await app.settings.list()).find((summary) => summary.config.id === 'team')!.quarantined
  expect(listed.map((item) => item.caseId).sort()).toEqual([a!.id, b!.id].sort())
  expect(listed.find((item) => item.caseId === b!.id)!.message).toMatch(new RegExp(`^case "${b!.id}" \\(#2\\) changed under revision 1 without a new revision`))

  // The decision on A is recorded on what the reviewer was shown, and says so.
  const receipt = await app.review.decide({ casePk: seenA.casePk, revision: 1, shownContentHash: seenA.contentHash, outcome: 'approve', openedAt: new Date().toISOString() })
  const record = JSON.parse(stored(dataDir).decisions.map((row) => (row as { record: string }).record).find((json) => json.includes(receipt.decisionId))!) as { shownContentHash: string }
  expect(record.shownContentHash).toBe(sha256(canonicalJson(seenA.reviewCase)))

  // A pass without faults clears the status; the quarantined cases stay listed until a new revision comes.
  await app.sync.syncNow()
  expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null, fault: null, quarantined: 2 })
  reviewApi.backend.store.revise(b!.id, (reviewCase) => ({ ...reviewCase, title: 'Revised at last' }))
  await app.sync.syncNow()
  expect((await app.settings.list()).find((summary) => summary.config.id === 'team')!.quarantined.map((item) => item.caseId)).toEqual([a!.id])
}, 30_000)

it('a Review API service that sends an older revision: refused by name, the newer copy stays', async () => {
  const [a, b] = generateCases({ count: 2, seed: 22, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([{ ...a!, revision: 3 }, b!])
  const before = stored(dataDir)

  reviewApi.backend.store.rewriteWithoutRevision(a!.id, (reviewCase) => ({ ...reviewCase, title: 'An old draft' }), 2)
  reviewApi.backend.store.revise(b!.id)
  await app.sync.syncNow()

  const after = stored(dataDir)
  expect(after.cases[0]).toEqual(before.cases[0])
  expect(detailOf(app, b!.id).reviewCase.revision).toBe(2)
  expect(app.sync.status()[0]).toMatchObject({
    state: 'error',
    fault: 'revision-backwards',
    lastError: expect.stringMatching(new RegExp(`^Team cases broke the sync protocol: case "${a!.id}" \\(#1\\) came back at revision 2, older than revision 3 already received; the copy received before is kept`))
  })
}, 30_000)

it('the decision guard refuses a decision whose shown content is not what the cache holds, and records nothing', async () => {
  const [a, b] = generateCases({ count: 2, seed: 23, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([a!, b!])
  const shownA = detailOf(app, a!.id)
  const other = detailOf(app, b!.id)
  const before = stored(dataDir)
  await expect(
    app.review.decide({ casePk: shownA.casePk, revision: shownA.reviewCase.revision, shownContentHash: other.contentHash, outcome: 'approve', openedAt: new Date().toISOString() })
  ).rejects.toMatchObject({ code: 'revision-conflict', message: expect.stringMatching(/is not what you were shown \(revision 1, other content\)\. Look at it again before deciding\./) })
  expect(stored(dataDir)).toEqual(before)
  expect(app.review.caseDetail(shownA.casePk).state).toBe('pending')
}, 30_000)

it('a bundle file re-read with a case changed under the same revision: the backend names it, the stored copy stays, the revised case updates', async () => {
  const file = join(reviewApi.dir, 'field.bundle.json')
  const bundle = generateBundle({ count: 3, seed: 24, workspace: { id: 'field', name: 'Field bundle' } })
  writeFileSync(file, JSON.stringify(bundle))
  const dataDir = join(reviewApi.dir, 'app')
  const services = reviewApi.closeAfter(openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0 }))
  await services.settings.save({ config: { id: 'field', kind: 'bundle', name: 'Field bundle', path: file, syncIntervalSeconds: 3600 } })
  await services.sync.syncNow('field')
  const before = stored(dataDir).cases

  bundle.cases[0] = { ...bundle.cases[0]!, title: 'Edited by hand' }
  bundle.cases[2] = { ...bundle.cases[2]!, revision: 2, title: 'Revised' }
  writeFileSync(file, JSON.stringify(bundle))
  await services.sync.syncNow('field')

  const after = stored(dataDir).cases
  expect(after[0]).toEqual(before[0])
  expect(after[1]).toEqual(before[1])
  expect(after[2]).toMatchObject({ revision: 2, title: 'Revised' })
  expect(services.sync.status().find((status) => status.id === 'field')).toMatchObject({
    state: 'error',
    fault: 'revision-reused',
    lastError: expect.stringMatching(new RegExp(`^Field bundle broke the sync protocol: case "${bundle.cases[0]!.id}" \\(#1\\) changed under revision 1 without a new revision`))
  })
}, 30_000)

it('a backend without revisions of its own (LangGraph) has them numbered by the cache: the same content keeps its revision, edited arguments get the next one', () => {
  const db = openDatabase(join(reviewApi.dir, 'cache.sqlite'))
  try {
    const repositories = openRepositories(db)
    repositories.workspaces.upsert({ id: 'agents', name: 'Agents', kind: 'langgraph', isDemo: false }, new Date().toISOString())
    const ingest = new CaseIngest(repositories)
    const [request] = generateCases({ count: 1, seed: 25, baseTime: new Date() })
    const at = new Date().toISOString()
    const revisionNow = () => repositories.cases.stored('agents', request!.id)!.revision
    expect(ingest.apply('agents', [{ type: 'case', case: request }], at, { revisions: 'cache' })).toMatchObject({ inserted: 1, rejected: [] })
    expect(ingest.apply('agents', [{ type: 'case', case: request }], at, { revisions: 'cache' })).toMatchObject({ unchanged: 1, rejected: [] })
    expect(revisionNow()).toBe(1)
    // Each arrives as revision 1, as the adapter sends it; edited arguments are a new revision, then another.
    expect(ingest.apply('agents', [{ type: 'case', case: { ...request!, title: 'Edited arguments' } }], at, { revisions: 'cache' })).toMatchObject({ updated: 1, rejected: [] })
    expect(revisionNow()).toBe(2)
    expect(ingest.apply('agents', [{ type: 'case', case: { ...request!, title: 'Edited arguments' } }], at, { revisions: 'cache' })).toMatchObject({ unchanged: 1 })
    expect(ingest.apply('agents', [{ type: 'case', case: request }], at, { revisions: 'cache' })).toMatchObject({ updated: 1 })
    expect(revisionNow()).toBe(3)
    const stored = repositories.cases.detail(repositories.cases.pkOf('agents', request!.id)!)!
    expect(stored.reviewCase).toEqual({ ...JSON.parse(JSON.stringify(request)), revision: 3 })
  } finally {
    db.close()
  }
})

it('a case cached by an earlier version, spelled differently, is not a fault when the same content comes again', async () => {
  const [a] = generateCases({ count: 1, seed: 26, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([a!])
  // As an earlier version stored it: canonical JSON (other key order), hashed as such.
  const file = new Database(join(dataDir, 'countersign.sqlite'))
  const row = file.prepare<[string], { body: string }>('SELECT body FROM cases WHERE id = ?').get(a!.id)!
  const legacy = canonicalJson(JSON.parse(row.body))
  expect(legacy).not.toBe(row.body)
  file.prepare('UPDATE cases SET body = ?, content_hash = ? WHERE id = ?').run(legacy, sha256(legacy), a!.id)
  file.close()

  reviewApi.backend.store.putCases([a!], REVIEWER)
  await app.sync.syncNow()
  expect(app.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null, quarantined: 0 })
}, 30_000)
