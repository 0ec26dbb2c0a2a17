import Database from 'better-sqlite3'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { generateCases } from '../fixtures/case-generator'
import { REVIEWER, teamQueue } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

// Attack 19: other paths by which a case's content might change under a revision already received.

const reviewApi = withReviewApi()

function storedCase(dataDir: string, id: string): Record<string, unknown> | undefined {
  const file = new Database(join(dataDir, 'countersign.sqlite'), { readonly: true })
  try {
    return file.prepare<[string], Record<string, unknown>>('SELECT * FROM cases WHERE id = ?').get(id)
  } finally {
    file.close()
  }
}

const statusOf = (app: AppServices) => app.sync.status()[0]!

it('a case withdrawn, then back under the same revision with other content: refused, the copy kept', async () => {
  const [a] = generateCases({ count: 1, seed: 191, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([a!])
  const before = storedCase(dataDir, a!.id)!
  reviewApi.backend.store.withdraw(a!.id)
  await app.sync.syncNow()
  expect(storedCase(dataDir, a!.id)!['state']).toBe('withdrawn')
  reviewApi.backend.store.rewriteWithoutRevision(a!.id, (reviewCase) => ({ ...reviewCase, title: 'Pay 100000 EUR' }))
  await app.sync.syncNow()
  const after = storedCase(dataDir, a!.id)!
  expect(after['body']).toBe(before['body'])
  expect(after['title']).toBe(before['title'])
  expect(statusOf(app)).toMatchObject({ fault: 'revision-reused' })
}, 30_000)

it('a case reassigned away, then back under the same revision with other content: refused, the copy kept', async () => {
  const [a] = generateCases({ count: 1, seed: 192, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([a!])
  reviewApi.backend.store.reassign(a!.id, 'erin')
  await app.sync.syncNow()
  const before = storedCase(dataDir, a!.id)!
  // Back to dana at the same revision (2), with other content.
  reviewApi.backend.store.reassign(a!.id, REVIEWER)
  reviewApi.backend.store.rewriteWithoutRevision(a!.id, (reviewCase) => ({ ...reviewCase, title: 'Pay 100000 EUR' }), before['revision'] as number)
  await app.sync.syncNow()
  const after = storedCase(dataDir, a!.id)!
  expect(after['title']).not.toBe('Pay 100000 EUR')
}, 30_000)

it('the same content with its keys in another order and other whitespace is not a new revision and no fault', async () => {
  const [a] = generateCases({ count: 1, seed: 193, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([a!])
  const before = storedCase(dataDir, a!.id)!
  const body = reviewApi.backend.store.getCase(a!.id)!.case as unknown as Record<string, unknown>
  const reversed = Object.fromEntries(Object.entries(body).reverse())
  reviewApi.backend.store.putRawCase(a!.id, reversed, REVIEWER)
  await app.sync.syncNow()
  expect(storedCase(dataDir, a!.id)).toEqual(before)
  expect(statusOf(app)).toMatchObject({ state: 'idle', fault: null, quarantined: 0 })
}, 30_000)

for (const [label, revision] of [
  ['a string', '2'],
  ['negative', -1],
  ['zero', 0],
  ['fractional', 1.5],
  ['beyond 2^53', 'RAW:9007199254740993'],
  ['1e400', 'RAW:1e400'],
  ['exactly 2^53', 9007199254740992]
] as const) {
  it(`a revision that is ${label}: refused by name, the stored copy kept, nothing else lost`, async () => {
    const [a, b] = generateCases({ count: 2, seed: 194, baseTime: new Date() })
    const { app, dataDir } = await reviewApi.start([a!, b!])
    const before = storedCase(dataDir, a!.id)!
    const body = { ...reviewApi.backend.store.getCase(a!.id)!.case, title: 'Pay 100000 EUR', revision }
    reviewApi.backend.store.putRawCase(a!.id, body, REVIEWER)
    if (typeof revision === 'string' && revision.startsWith('RAW:')) {
      // Write the number's text itself into the stored body.
      const db = new Database(join(reviewApi.dir, 'reference-backend.sqlite'))
      const text = JSON.stringify(body).replace(`"${revision}"`, revision.slice('RAW:'.length))
      db.prepare('UPDATE cases SET body = ? WHERE id = ?').run(text, a!.id)
      db.close()
    }
    await app.sync.syncNow()
    const after = storedCase(dataDir, a!.id)!
    expect(after['title']).toBe(before['title'])
    expect(after['body']).toBe(before['body'])
    expect(statusOf(app).quarantined).toBe(1)
    expect(teamQueue(app).map((row) => row.caseId)).toContain(b!.id)
  }, 30_000)
}

it('after a revision just under 2^53 (2^53 − 2), the case can still get a new revision that the cache takes', async () => {
  const [a] = generateCases({ count: 1, seed: 195, baseTime: new Date() })
  const { app, dataDir } = await reviewApi.start([{ ...a!, revision: 9007199254740990 }])
  expect(storedCase(dataDir, a!.id)!['revision']).toBe(9007199254740990)
  reviewApi.backend.store.revise(a!.id, (reviewCase) => ({ ...reviewCase, title: 'Revised' }))
  await app.sync.syncNow()
  expect(storedCase(dataDir, a!.id)).toMatchObject({ title: 'Revised', revision: 9007199254740991 })
}, 30_000)

it('a case the backend rewrote under its revision (quarantined, the copy kept): an approval of the copy is not applied by the backend to the rewritten content', async () => {
  const [a] = generateCases({ count: 1, seed: 196, baseTime: new Date() })
  const { app } = await reviewApi.start([a!])
  const row = teamQueue(app).find((candidate) => candidate.caseId === a!.id)!
  const shown = app.review.caseDetail(row.casePk)
  reviewApi.backend.store.rewriteWithoutRevision(a!.id, (reviewCase) => ({ ...reviewCase, title: 'Pay 100000 EUR' }))
  await app.sync.syncNow()
  expect(statusOf(app)).toMatchObject({ fault: 'revision-reused', quarantined: 1 })
  expect(app.review.caseDetail(row.casePk).reviewCase.title).toBe(shown.reviewCase.title)

  // The app knows the backend now holds other content under revision 1. Either the decision is
  // refused here, or it is kept from the backend until a proper revision comes: never applied there.
  const decided = await app.review
    .decide({ casePk: shown.casePk, revision: shown.reviewCase.revision, shownContentHash: shown.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    .then(() => 'recorded', (error: { code?: string }) => `refused: ${error.code}`)
  await app.sync.syncNow()
  await app.sync.syncNow()
  const atBackend = reviewApi.backend.store.getCase(a!.id)!
  // Measured: 'recorded', then accepted by the service, which closes "Pay 100000 EUR" as approved.
  expect({ decided, backendState: atBackend.state, backendTitle: atBackend.case.title }).not.toEqual({ decided: 'recorded', backendState: 'decided', backendTitle: 'Pay 100000 EUR' })
}, 30_000)
