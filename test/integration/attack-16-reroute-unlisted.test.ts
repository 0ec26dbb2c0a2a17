import { beforeAll, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { generateCases } from '../fixtures/case-generator'
import { newToken, teamQueue } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'
import { AppError } from '../../shared/ipc/errors'

// Attack on issue 16 ("reroute targets come from the backend"): the reroute picker offers only the
// backend's list, but the main side records and signs a reroute to any id the bridge hands it. An
// option outside the case's options is refused ('unknown-option'), a reason outside its reasons
// ('invalid-reason'); a reroute target outside the backend's list (or when it lists none at all)
// must be refused the same way, not signed, chained and delivered.

const suite = withReviewApi(undefined, { per: 'file' })
let dana: AppServices

beforeAll(async () => {
  // The backend lists its other reviewer, erin, as the one reroute target.
  dana = (await suite.start(generateCases({ count: 2, seed: 93, baseTime: new Date() }), { otherReviewers: { [newToken()]: 'erin' } })).app
})

it('a reroute to a target the backend does not list is refused, and nothing is recorded', async () => {
  const [row] = teamQueue(dana)
  expect(dana.review.caseDetail(row!.casePk).rerouteTargets!.targets.map((target) => target.id)).toEqual(['erin'])
  const decided = dana.review.decide({ casePk: row!.casePk, revision: 1, outcome: 'reroute', rerouteTo: 'somebody-unlisted', openedAt: new Date().toISOString() })
  const failure = await decided.then(
    () => null,
    (error: unknown) => error
  )
  expect(failure).toBeInstanceOf(AppError)
  expect((failure as AppError).code).not.toBe('internal')
  expect(teamQueue(dana).map((r) => r.caseId)).toContain(row!.caseId)
  expect((await dana.audit.caseHistory(row!.casePk)).entries).toHaveLength(0)
})
