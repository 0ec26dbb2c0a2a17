import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { reviewApiLeases } from '../../electron/services/backends/review-api/review-api-leases'
import { ClaimsService } from '../../electron/services/claims/claims-service'
import { keychainSecretStore } from '../../electron/services/secrets/secret-store'
import type { AppEvent } from '../../shared/ipc/events'
import { generateCases } from '../fixtures/case-generator'
import { startCuttableLink, type CuttableLink } from '../fixtures/cuttable-link'
import { makeTempDir } from '../fixtures/temp-dir'
import { newToken, resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { startReferenceBackend, type ReferenceBackend } from '../reference-backend/server'

// Two reviewers, each with their own data directory, on one reference backend whose cases are
// assigned to their team: the situation claims exist for.
const TEAM = 'Support Tier 2 (team)'
const HOUR = 3_600_000

let dir: ReturnType<typeof makeTempDir>
let backend: ReferenceBackend
let clock: number
let dana: AppServices
let erin: AppServices
const danaEvents: AppEvent[] = []
const tokens = { dana: newToken(), erin: newToken() }

async function openReviewer(reviewer: 'dana' | 'erin', baseUrl: string, events: AppEvent[] = []): Promise<AppServices> {
  const services = openAppServices({
    dataDir: join(dir.path, reviewer),
    resourcesDir,
    reviewer,
    appVersion: '1.0.0-test',
    undoGraceMs: 0,
    watchSla: false,
    claimsClock: () => clock,
    claimDwellMs: 0,
    // Two reviewers on one machine: each keeps their token under their own keychain service.
    secrets: keychainSecretStore(`Countersign-test-${reviewer}`),
    emit: (event) => events.push(event)
  })
  await services.settings.save({ config: { id: 'team', kind: 'review-api', name: 'Team cases', baseUrl, syncIntervalSeconds: 3600 }, token: tokens[reviewer] })
  await services.sync.syncNow()
  return services
}

const pkOf = (services: AppServices, caseId: string) => services.review.queuePage(0, 500).rows.find((row) => row.caseId === caseId)!.casePk
const holdOf = (services: AppServices, caseId: string) => services.claims.list().find((hold) => hold.casePk === pkOf(services, caseId))
const heldQueue = (services: AppServices) => services.review.queuePage(0, 500, { held: true }).rows.map((row) => row.caseId)

beforeEach(async () => {
  dir = makeTempDir()
  clock = Date.now()
  danaEvents.length = 0
  backend = await startReferenceBackend({
    dbFile: join(dir.path, 'backend.sqlite'),
    tokens: { [tokens.dana]: 'dana', [tokens.erin]: 'erin' },
    teams: { [TEAM]: ['dana', 'erin'] },
    now: () => clock
  })
})
afterEach(async () => {
  dana?.close()
  erin?.close()
  await backend.close()
  dir.remove()
})

describe('claims while viewing', () => {
  it('A opens a team case → B sees it held and cannot claim it; A leaves → B can take it', async () => {
    backend.store.putCases(generateCases({ count: 6, seed: 17, baseTime: new Date() }), TEAM)
    dana = await openReviewer('dana', backend.url, danaEvents)
    erin = await openReviewer('erin', backend.url)
    const [first] = dana.review.queuePage(0, 1).rows
    const caseId = first!.caseId

    dana.claims.view(first!.casePk)
    await waitFor(() => backend.store.leaseOf(caseId, clock)?.holder, (holder) => holder === 'dana')
    await dana.claims.settled()
    expect(holdOf(dana, caseId)).toMatchObject({ holder: 'dana', mine: true, purpose: 'viewing' })
    expect(danaEvents.some((event) => event.type === 'holds-changed')).toBe(true)

    // Erin's feed says who holds it and until when; the queue's "held" filter lists it.
    await erin.sync.syncNow()
    const seen = holdOf(erin, caseId)
    expect(seen).toMatchObject({ holder: 'dana', mine: false, purpose: 'colleague' })
    expect(Date.parse(seen!.expiresAt)).toBe(backend.store.leaseOf(caseId, clock)!.expiresAt)
    expect(heldQueue(erin)).toEqual([caseId])

    // Opening it anyway is no error: the refused claim becomes the notice, and a conflict avoided.
    erin.claims.view(pkOf(erin, caseId))
    await waitFor(() => backend.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/lease')).length, (n) => n >= 2)
    await erin.claims.settled()
    expect(holdOf(erin, caseId)).toMatchObject({ holder: 'dana', mine: false })
    expect(erin.insights.report().claims.map((week) => week.conflictsAvoided)).toEqual([1])

    // Dana moves on: her lease is released, Erin's feed says so, and Erin's claim succeeds.
    dana.claims.view(null)
    await dana.claims.settled()
    expect(backend.store.leaseOf(caseId, clock)).toBeUndefined()
    expect(holdOf(dana, caseId)).toBeUndefined()
    await erin.sync.syncNow()
    expect(heldQueue(erin)).toEqual([])
    erin.claims.view(null)
    erin.claims.view(pkOf(erin, caseId))
    await waitFor(() => backend.store.leaseOf(caseId, clock)?.holder, (holder) => holder === 'erin')
  })

  it('claims nothing for cases passed through quickly, only the one the reviewer stays on', async () => {
    backend.store.putCases(generateCases({ count: 3, seed: 18, baseTime: new Date() }), TEAM)
    dana = openAppServices({ dataDir: join(dir.path, 'dana'), resourcesDir, reviewer: 'dana', appVersion: '1', watchSla: false, claimDwellMs: 150 })
    await dana.settings.save({ config: { id: 'team', kind: 'review-api', name: 'Team cases', baseUrl: backend.url, syncIntervalSeconds: 3600 }, token: tokens.dana })
    await dana.sync.syncNow()
    const rows = dana.review.queuePage(0, 3).rows
    dana.claims.view(rows[0]!.casePk)
    dana.claims.view(rows[1]!.casePk)
    dana.claims.view(rows[2]!.casePk)
    await waitFor(() => backend.store.leaseOf(rows[2]!.caseId, Date.now())?.holder, (holder) => holder === 'dana')
    await dana.claims.settled()
    expect(backend.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/lease')).map((r) => r.path)).toEqual([`/v1/cases/${rows[2]!.caseId}/lease`])
  })
})

it('renews the viewing lease at half its length while the case stays open', async () => {
  backend.store.putCases(generateCases({ count: 1, seed: 22, baseTime: new Date() }), TEAM)
  dana = await openReviewer('dana', backend.url)
  const [row] = dana.review.queuePage(0, 1).rows
  // The service's clock runs in real time here; a second claims service on the same cache has the
  // shortest lease the protocol allows.
  const ticking = setInterval(() => (clock = Date.now()), 50)
  const claims = new ClaimsService({
    repositories: dana.repositories,
    logger: dana.logger,
    emit: () => {},
    dwellMs: 0,
    viewingLeaseSeconds: 10,
    clientFor: () => reviewApiLeases({ config: { id: 'team', kind: 'review-api', name: 'Team cases', baseUrl: backend.url, syncIntervalSeconds: 3600 }, readToken: async () => tokens.dana })
  })
  try {
    claims.view(row!.casePk)
    const first = await waitFor(() => backend.store.leaseOf(row!.caseId, Date.now()), (lease) => lease !== undefined)
    const renewed = await waitFor(() => backend.store.leaseOf(row!.caseId, Date.now()), (lease) => lease!.expiresAt > first!.expiresAt + 4_000, 8_000)
    expect(renewed!.holder).toBe('dana')
    claims.view(null)
    await waitFor(() => backend.store.leaseOf(row!.caseId, Date.now()), (lease) => lease === undefined)
  } finally {
    clearInterval(ticking)
    claims.stop()
  }
})

describe('insights', () => {
  it('count, per week, the conflicts claims avoided and the decisions lost to conflicts', async () => {
    backend.store.putCases(generateCases({ count: 2, seed: 21, baseTime: new Date() }), TEAM)
    dana = await openReviewer('dana', backend.url)
    erin = await openReviewer('erin', backend.url)
    const [row] = dana.review.queuePage(0, 1).rows
    const decide = (app: AppServices, casePk: number) =>
      app.review.decide({ casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString() })

    // Without claims (neither looked first), both decide the same case: Erin's work is lost.
    await decide(dana, row!.casePk)
    await waitFor(() => backend.store.decisions(), (list) => list.length === 1)
    await decide(erin, pkOf(erin, row!.caseId))
    await waitFor(() => erin.sync.status()[0]!.undelivered, (n) => n === 1)
    // Erin then opens the other case while Dana holds it: a conflict avoided.
    const other = dana.review.queuePage(0, 1).rows[0]!
    dana.claims.view(other.casePk)
    await waitFor(() => backend.store.leaseOf(other.caseId, clock)?.holder, (holder) => holder === 'dana')
    erin.claims.view(pkOf(erin, other.caseId))
    await waitFor(() => erin.claims.list(), (holds) => holds.length === 1)

    const monday = new Date()
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7))
    expect(erin.insights.report().claims).toEqual([{ week: monday.toISOString().slice(0, 10), conflictsAvoided: 1, workLost: 1 }])
    expect(dana.insights.report().claims).toEqual([])
  })
})

describe('field checkout', () => {
  let link: CuttableLink

  afterEach(async () => {
    await link?.close()
  })

  it('A checks out 50 cases for a day offline; B cannot claim them; A’s offline decisions all apply; lapsed leases return to the team', async () => {
    backend.store.putCases(generateCases({ count: 60, seed: 19, baseTime: new Date() }), TEAM)
    link = await startCuttableLink(backend.port)
    dana = await openReviewer('dana', link.url, danaEvents)
    erin = await openReviewer('erin', backend.url)
    const fifty = dana.review.queuePage(0, 50).rows
    const until = clock + 24 * HOUR

    const report = await dana.claims.checkout({ casePks: fifty.map((row) => row.casePk), until: new Date(until).toISOString() })
    expect(report).toEqual({ held: 50, heldUntil: new Date(until).toISOString(), heldByOthers: [], notHeld: 0 })
    expect(dana.claims.list().filter((hold) => hold.mine && hold.purpose === 'checkout')).toHaveLength(50)

    // Dana leaves the office. Half a day later Erin, still online, tries to take the whole queue.
    link.setOnline(false)
    clock += 12 * HOUR
    await erin.sync.syncNow()
    expect(heldQueue(erin)).toHaveLength(50)
    const erins = await erin.claims.checkout({ filter: {}, until: new Date(clock + 2 * HOUR).toISOString() })
    expect(erins.held).toBe(10)
    expect(erins.heldByOthers).toHaveLength(50)
    expect(new Set(erins.heldByOthers.map((other) => other.holder))).toEqual(new Set(['dana']))
    await erin.claims.returnAll()

    // Dana decides 45 in the field; five stay undecided.
    for (const row of fifty.slice(0, 45)) {
      const detail = dana.review.caseDetail(row.casePk)
      await dana.review.decide({ casePk: row.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })
    }
    await waitFor(() => dana.sync.status()[0]!, (status) => status.state === 'offline' && status.pendingPushes === 45)

    // Before the leases end she is warned about the five still held and undecided.
    clock = until - 30 * 60_000
    dana.claims.checkWarnings()
    expect(danaEvents.filter((event) => event.type === 'checkout-ending')).toEqual([{ type: 'checkout-ending', count: 5, endsAt: new Date(until).toISOString() }])
    dana.claims.checkWarnings()
    expect(danaEvents.filter((event) => event.type === 'checkout-ending')).toHaveLength(1)

    // Back online: every decision applies, none conflicts.
    link.setOnline(true)
    await dana.sync.syncNow()
    await waitFor(() => dana.sync.status()[0]!, (status) => status.pendingPushes === 0)
    const received = backend.store.decisions()
    expect(received).toHaveLength(45)
    expect(received.map((decision) => decision.result.status)).toEqual(Array(45).fill('accepted'))
    expect(dana.sync.status()[0]!.undelivered).toBe(0)

    // Past the day, the five undecided cases' leases have lapsed: the team can take them.
    clock = until + 60_000
    await erin.sync.syncNow()
    expect(erin.claims.list()).toEqual([])
    const lapsed = fifty.slice(45).map((row) => row.caseId)
    const again = await erin.claims.checkout({ casePks: lapsed.map((id) => pkOf(erin, id)), until: new Date(clock + HOUR).toISOString() })
    expect(again).toMatchObject({ held: 5, heldByOthers: [] })
    for (const id of lapsed) expect(backend.store.leaseOf(id, clock)?.holder).toBe('erin')
  })

  it('on return releases what is left, and the service caps a lease at its maximum', async () => {
    await backend.close()
    backend = await startReferenceBackend({
      dbFile: join(dir.path, 'backend-2.sqlite'),
      tokens: { [tokens.dana]: 'dana', [tokens.erin]: 'erin' },
      teams: { [TEAM]: ['dana', 'erin'] },
      now: () => clock,
      maxLeaseSeconds: 2 * 86_400
    })
    backend.store.putCases(generateCases({ count: 8, seed: 20, baseTime: new Date() }), TEAM)
    dana = await openReviewer('dana', backend.url)
    const report = await dana.claims.checkout({ filter: {}, until: new Date(clock + 7 * 24 * HOUR).toISOString() })
    expect(report).toMatchObject({ held: 8, heldUntil: new Date(clock + 2 * 24 * HOUR).toISOString() })
    expect(await dana.claims.returnAll()).toEqual({ released: 8 })
    for (const row of dana.review.queuePage(0, 8).rows) expect(backend.store.leaseOf(row.caseId, clock)).toBeUndefined()
    expect(dana.claims.list()).toEqual([])
    await expect(dana.claims.checkout({ filter: {}, until: new Date(clock - HOUR).toISOString() })).rejects.toThrow(/at least a minute from now/)
  })
})
