import { join } from 'node:path'
import { openAppServices } from '../../electron/services/app-services'
import type { ClaimsOptions } from '../../electron/services/claims/claims-service'
import { generateCases } from '../fixtures/case-generator'
import { newToken, resourcesDir } from '../fixtures/sync-fixtures'
import { startReferenceBackend } from '../reference-backend/server'
import { log, type BenchContext, type Figures } from './context'
import { elapsedMs, percentile, round } from './measure'
import { nextCaseLatencies, PRESSES } from './review-bench'

const TEAM = 'Support Tier 2 (team)'
const REVIEWER = 'bench'
const QUEUE_CASES = 2_000
/** A colleague holds every tenth case, so `j` passes some on the way. */
const HELD_EVERY = 10
const CHECKOUT_CASES = 500

/**
 * Claims: the next-case latency with claims off and on (on: a lease taken and released for every
 * case, no dwell, against the reference backend — the worst case), and a 500-case field checkout.
 */
export async function claimsBench(context: BenchContext, figures: Figures): Promise<void> {
  const token = newToken()
  const backend = await startReferenceBackend({
    dbFile: join(context.tempDir(), 'backend.sqlite'),
    tokens: { [token]: REVIEWER, [newToken()]: 'erin' },
    teams: { [TEAM]: [REVIEWER, 'erin'] }
  })
  context.onCleanup(() => backend.close())
  const cases = generateCases({ count: QUEUE_CASES + CHECKOUT_CASES, seed: 170, idPrefix: 'team', baseTime: new Date() })
  backend.store.putCases(cases, TEAM)
  for (const reviewCase of cases.filter((_, index) => index % HELD_EVERY === 5)) backend.store.lease(reviewCase.id, 'erin', 86_400, Date.now())

  const dataDir = context.tempDir()
  const config = { id: 'team', kind: 'review-api' as const, name: 'Team cases', baseUrl: backend.url, syncIntervalSeconds: 3600 }
  const prepared = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: 'bench', watchSla: false })
  await prepared.settings.save({ config, token })
  await prepared.sync.syncNow()
  prepared.close()

  const { page, harness, close } = await context.openApp(dataDir)
  const claims = harness.services.claims
  const view = claims.view.bind(claims)
  // Bench instrumentation: no dwell, so with claims on every case is claimed and released while j is pressed.
  ;(claims as unknown as { options: ClaimsOptions }).options.dwellMs = 0
  const leasesBefore = backend.requests.filter((request) => request.path.endsWith('/lease')).length
  // Off and on alternate in halves, so drift on a shared machine falls on both.
  const off: number[] = []
  const on: number[] = []
  for (const round of [1, 2]) {
    log(`next case with claims off, ${PRESSES / 2} presses of j (round ${round})`)
    claims.view = () => {}
    off.push(...(await nextCaseLatencies(page, PRESSES / 2)))
    log(`next case with claims on (a lease per case, no dwell), ${PRESSES / 2} presses of j (round ${round})`)
    claims.view = view
    on.push(...(await nextCaseLatencies(page, PRESSES / 2)))
  }
  await claims.settled()
  const leaseRequests = backend.requests.filter((request) => request.path.endsWith('/lease')).length - leasesBefore
  figures['next_case_claims_off_p95_ms'] = percentile(off, 95)
  figures['next_case_claims_on_p95_ms'] = percentile(on, 95)
  figures['next_case_claims_lease_requests'] = leaseRequests
  await close()

  log(`checkout of ${CHECKOUT_CASES} cases`)
  const services = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: 'bench', watchSla: false })
  const ids = new Set(cases.slice(QUEUE_CASES).map((reviewCase) => reviewCase.id))
  const casePks = services.review.queuePage(0, QUEUE_CASES + CHECKOUT_CASES).rows.filter((row) => ids.has(row.caseId)).map((row) => row.casePk)
  const start = process.hrtime.bigint()
  const report = await services.claims.checkout({ casePks, until: new Date(Date.now() + 86_400_000).toISOString() })
  figures['checkout_500_s'] = round(elapsedMs(start) / 1000, 3)
  const expected = casePks.length - Math.floor(CHECKOUT_CASES / HELD_EVERY)
  if (report.held !== expected) throw new Error(`checkout held ${report.held} of ${casePks.length}, expected ${expected}`)
  services.close()
}
