import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import type { AppEvent } from '../../shared/ipc/events'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { newToken, openWithBackend, REVIEWER, resourcesDir, startBackend, teamQueue, waitFor } from '../fixtures/sync-fixtures'

let dir: ReturnType<typeof makeTempDir>
let backend: ReferenceBackend
let dana: AppServices
let erin: AppServices
const danaToken = newToken()
const erinToken = newToken()

beforeAll(async () => {
  dir = makeTempDir()
  backend = await startBackend(dir.path, danaToken, { tokens: { [danaToken]: REVIEWER, [erinToken]: 'erin' } })
  backend.store.putCases(generateCases({ count: 4, seed: 91, baseTime: new Date() }), REVIEWER)
  dana = await openWithBackend(join(dir.path, 'dana'), backend, danaToken)
  erin = openAppServices({ dataDir: join(dir.path, 'erin'), resourcesDir, reviewer: 'erin', appVersion: '1', undoGraceMs: 0 })
  await erin.settings.save({ config: { id: 'team', kind: 'review-api', name: 'Team cases', baseUrl: backend.url, syncIntervalSeconds: 3600 }, token: erinToken })
  await Promise.all([dana.sync.syncNow(), erin.sync.syncNow()])
})
afterAll(async () => {
  dana.close()
  erin.close()
  await backend.close()
  dir.remove()
})

it('a reroute through the backend moves the case from one reviewer’s queue into the other’s, signed', async () => {
  expect(teamQueue(erin)).toHaveLength(0)
  const [row] = teamQueue(dana)
  await dana.review.decide({ casePk: row!.casePk, revision: 1, outcome: 'reroute', rerouteTo: 'erin', note: 'Erin handles Dutch invoices', openedAt: new Date().toISOString() })
  expect(teamQueue(dana).map((r) => r.caseId)).not.toContain(row!.caseId)

  const [delivered] = await waitFor(() => backend.store.decisions(), (list) => list.length === 1)
  expect(delivered!.result.status).toBe('accepted')
  expect(backend.store.getCase(row!.caseId)!.assignee).toBe('erin')

  await erin.sync.syncNow()
  expect(teamQueue(erin).map((r) => r.caseId)).toEqual([row!.caseId])
  await dana.sync.syncNow()
  expect(teamQueue(dana).map((r) => r.caseId)).not.toContain(row!.caseId)

  const history = await dana.audit.caseHistory(row!.casePk)
  expect(history.entries.map((e) => [e.record.outcome, e.record.rerouteTo, e.signature.status, e.delivery])).toEqual([['reroute', 'erin', 'valid', 'delivered']])
  await expect(dana.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 1 })
})

it('taking a colleague’s case over brings it into this reviewer’s queue through the backend, signed', async () => {
  const [erinsCase] = teamQueue(erin)
  expect(erinsCase).toBeDefined()
  const { casePk } = await dana.takeOver.takeOver('team', erinsCase!.caseId)
  expect(teamQueue(dana).map((r) => r.caseId)).toContain(erinsCase!.caseId)
  await waitFor(() => backend.store.getCase(erinsCase!.caseId)!.assignee, (assignee) => assignee === REVIEWER)
  await erin.sync.syncNow()
  expect(teamQueue(erin).map((r) => r.caseId)).not.toContain(erinsCase!.caseId)
  const history = await dana.audit.caseHistory(casePk)
  expect(history.entries.at(-1)!.record).toMatchObject({ outcome: 'take-over', note: 'Taken over from erin' })
  expect(history.entries.at(-1)!.signature.status).toBe('valid')
  await expect(dana.takeOver.takeOver('team', 'no-such-case')).rejects.toThrow(/There is no open case "no-such-case"/)
})

it('the backend’s reroute targets reach the case detail and stay cached while the service is down', async () => {
  const [row] = teamQueue(dana)
  expect(dana.review.caseDetail(row!.casePk).rerouteTargets).toEqual({ targets: [{ id: 'erin', label: 'erin' }], unlisted: null })
  expect(backend.requests.some((request) => request.method === 'GET' && request.path === '/v1/reroute-targets')).toBe(true)
  const { port } = backend
  await backend.close()
  await dana.sync.syncNow()
  expect(dana.sync.status()[0]!.state).toBe('offline')
  expect(dana.review.caseDetail(row!.casePk).rerouteTargets!.targets).toEqual([{ id: 'erin', label: 'erin' }])
  backend = await startBackend(dir.path, danaToken, { port, tokens: { [danaToken]: REVIEWER, [erinToken]: 'erin' } })
})

it('a 1.1 service without the endpoint lists no targets, and the reviewer is told why', async () => {
  const oldDir = join(dir.path, 'old')
  mkdirSync(oldDir)
  const token = newToken()
  const old = await startBackend(oldDir, token, { rerouteTargets: null })
  // The case is there before the backend is added: a sync asked for while the first pull runs
  // joins that pull, which may have begun before a case put in later.
  old.store.putCases(generateCases({ count: 1, seed: 3, baseTime: new Date() }), REVIEWER)
  const events: AppEvent[] = []
  const services = await openWithBackend(join(oldDir, 'app'), old, token, { events })
  try {
    await services.sync.syncNow()
    const [row] = teamQueue(services)
    const none = { targets: [], unlisted: 'Team cases does not list reroute targets (its Review API is older than 1.2).' }
    expect(services.review.caseDetail(row!.casePk).rerouteTargets).toEqual(none)
    expect(services.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
    // A case already on screen learns it too; a later pass with the same answer says nothing.
    const told = () => events.filter((event) => event.type === 'reroute-targets-changed')
    await waitFor(told, (list) => list.length === 1)
    await services.sync.syncNow()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(told()).toEqual([{ type: 'reroute-targets-changed', workspaceId: 'team', rerouteTargets: none }])
  } finally {
    services.close()
    await old.close()
  }
})
