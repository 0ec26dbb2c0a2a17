import { expect, it } from 'vitest'
import { generateCases } from '../fixtures/case-generator'
import { teamQueue } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

// Attack 18: CasesRepository.upsert says "an older or equal revision never overwrites what is
// stored", but a change with the SAME revision and different content does overwrite it (only an
// equal content hash is skipped). The renderer and the decision guard identify what the reviewer
// saw by casePk and revision alone: DiffModelPool keys models by `${casePk}:${revision}` (the diff
// keeps showing the old text), the "updated this case while you had it open" notice compares
// revisions, and decide checks only the revision. So a backend that rewrites a case without a new
// revision (the bench's own reseed does exactly this, every pull: same ids, revision 1, new
// content) gets a decision signed over content the reviewer was never shown.

const reviewApi = withReviewApi()

it('a decision on what the reviewer saw is not recorded against different content that came under the same revision', async () => {
  const { app: services, backend } = await reviewApi.start(generateCases({ count: 1, seed: 11, baseTime: new Date() }))
  const [row] = teamQueue(services)
  const seen = services.review.caseDetail(row!.casePk)
  const openedAt = new Date().toISOString()

  // The backend rewrites the case (same id, same revision 1, other content). The reference
  // backend's putCases now raises the revision as a real service does; this one misbehaves.
  const [other] = generateCases({ count: 1, seed: 12, baseTime: new Date() })
  backend.store.rewriteWithoutRevision(seen.reviewCase.id, () => ({ ...other!, id: seen.reviewCase.id }))
  await services.sync.syncNow()
  const now = services.review.caseDetail(row!.casePk)
  expect(now.reviewCase.revision).toBe(seen.reviewCase.revision)

  if (JSON.stringify(now.reviewCase) === JSON.stringify(seen.reviewCase)) return // kept what was shown: fine
  // The content changed under the reviewer: a decision made on what they saw must not be recorded against it.
  await expect(services.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, outcome: 'approve', openedAt })).rejects.toMatchObject({ code: 'revision-conflict' })
})
