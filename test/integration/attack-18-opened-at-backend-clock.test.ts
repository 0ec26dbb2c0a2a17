import { expect, it } from 'vitest'
import { generateCases } from '../fixtures/case-generator'
import { teamQueue } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

// Attack 18 on last round's openedAt check (f97eeea): decide refuses an openedAt more than 10
// minutes before the case's `createdAt`. But `createdAt` is stamped by the backend's clock, and
// `openedAt` by this device's: a backend whose clock runs 20 minutes ahead (or a laptop 20 minutes
// behind) makes every case it sends undecidable. The reviewer opens the case, reads it, presses a,
// and is told "check this computer's clock" on every press, however long they wait; nothing in the
// app can be done about another machine's clock. (A lower bound from this device's own clock, such
// as when the case arrived here, would not have this problem.)

const reviewApi = withReviewApi()

it('a case stamped by a backend whose clock is 20 minutes ahead can still be decided when the reviewer opens it', async () => {
  const [reviewCase] = generateCases({ count: 1, seed: 5, baseTime: new Date() })
  const ahead = new Date(Date.now() + 20 * 60_000).toISOString()
  ;(reviewCase as { ownership: { createdAt: string } }).ownership.createdAt = ahead
  const { app: services } = await reviewApi.start([reviewCase!])
  const [row] = teamQueue(services)
  expect(row, 'the case was cached').toBeDefined()
  const detail = services.review.caseDetail(row!.casePk)
  expect(detail.reviewCase.ownership.createdAt).toBe(ahead)
  // The reviewer opens it now, by this device's clock, and approves.
  await expect(services.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })).resolves.toBeDefined()
})
