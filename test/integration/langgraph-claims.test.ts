import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { CLAIM_METADATA_KEY } from '../../electron/services/backends/langgraph/advisory-claim'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

let dir: ReturnType<typeof makeTempDir>
let server: LanggraphServer
const apps: AppServices[] = []

beforeAll(async () => {
  dir = makeTempDir('countersign-langgraph-claims-')
  server = await LanggraphServer.start(dir.path)
}, 90_000)
afterAll(async () => {
  for (const app of apps) app.close()
  await server?.stop()
  dir?.remove()
})

/** One reviewer's app on its own data directory, pointed at the shared LangGraph server. */
async function openReviewer(reviewer: string): Promise<AppServices> {
  const app = openAppServices({ dataDir: join(dir.path, reviewer), resourcesDir, reviewer, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false, claimDwellMs: 0 })
  apps.push(app)
  await app.settings.save({ config: { id: 'agents', kind: 'langgraph', name: 'Agents', url: server.url, metadata: { test: 'claims' }, syncIntervalSeconds: 3600 } })
  await app.sync.syncNow()
  return app
}

it('an advisory claim in the thread’s metadata: written on open, honoured by a second client, cleared when the reviewer decides and moves on', async () => {
  const threadId = await server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'claims' })
  const dana = await openReviewer('dana')
  const erin = await openReviewer('erin')
  const rowOf = (app: AppServices) => app.review.queuePage(0, 50).rows.find((row) => row.caseId.startsWith(`${threadId}:`))!

  dana.claims.view(rowOf(dana).casePk)
  const claim = (await waitFor(
    async () => (await server.thread(threadId)).metadata[CLAIM_METADATA_KEY],
    (value) => value !== undefined
  )) as { holder: string; expiresAt: string }
  expect(claim.holder).toBe('dana')
  expect(Date.parse(claim.expiresAt) - Date.now()).toBeGreaterThan(60_000)

  // Erin's client reads the claim before writing its own, and shows it instead.
  erin.claims.view(rowOf(erin).casePk)
  await waitFor(() => erin.claims.list(), (holds) => holds.length > 0)
  expect(erin.claims.list()).toEqual([{ casePk: rowOf(erin).casePk, holder: 'dana', mine: false, purpose: 'colleague', expiresAt: new Date(Date.parse(claim.expiresAt)).toISOString() }])
  expect(((await server.thread(threadId)).metadata[CLAIM_METADATA_KEY] as { holder: string }).holder).toBe('dana')
  expect(erin.insights.report().claims.map((week) => week.conflictsAvoided)).toEqual([1])

  // Dana decides and the next case opens: her claim is cleared; the decision resumes the thread.
  const detail = dana.review.caseDetail(rowOf(dana).casePk)
  await dana.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })
  dana.claims.view(null)
  await dana.claims.settled()
  expect((await server.thread(threadId)).metadata[CLAIM_METADATA_KEY]).toBeNull()
  const settled = await server.settledThread(threadId)
  expect(settled.status).not.toBe('interrupted')
}, 60_000)
