import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { REVIEWER, resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 19 on a real langgraphjs dev server. The cache numbers LangGraph's revisions: the graph's
// owners declare the request irreversible and money-moving (`countersign_risk` in the thread's
// metadata) after the reviewer approved it as reversible and internal, while the approval waits
// out its undo window. The next pull makes that revision 2 of the case. A Review API service
// refuses a decision on an older revision ('revised'); nobody does here: the approval made on
// revision 1 resumes the thread.

let dir: ReturnType<typeof makeTempDir>
let server: LanggraphServer
let app: AppServices | undefined

beforeAll(async () => {
  dir = makeTempDir('countersign-a19-lg-revised-')
  server = await LanggraphServer.start(dir.path)
}, 90_000)
afterAll(async () => {
  app?.close()
  await server?.stop()
  dir?.remove()
})

it('a decision on revision 1 is not applied once the cache holds revision 2 (risk declared irreversible meanwhile)', async () => {
  const threadId = await server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a19r' })
  app = openAppServices({ dataDir: join(dir.path, 'app'), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 4_000, watchSla: false })
  await app.settings.save({ config: { id: 'agents', kind: 'langgraph', name: 'Agents', url: server.url, metadata: { test: 'a19r' }, syncIntervalSeconds: 3600 } })
  await app.sync.syncNow()
  const caseNow = () => {
    const pk = app!.repositories.cases.pkOf('agents', app!.review.queuePage(0, 500).rows.find((row) => row.caseId.startsWith(`${threadId}:`))?.caseId ?? '')
    return pk
  }
  const casePk = caseNow()!
  const seen = app.review.caseDetail(casePk)
  expect(seen.reviewCase.risk).toMatchObject({ reversible: true, touchesMoney: false })
  await app.review.decide({ casePk, revision: 1, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })

  await server.call('PATCH', `/threads/${threadId}`, {
    metadata: { countersign_risk: { reversible: false, audience: 'customer', touchesMoney: true, touchesAccess: false, touchesLegal: false, irreversibleEffect: 'Pays out 90,000 EUR.' } }
  })
  await app.sync.syncNow()
  const now = app.review.caseDetail(casePk)
  expect(now.reviewCase).toMatchObject({ revision: 2, risk: { reversible: false, touchesMoney: true } })

  // The undo window ends; the approval made on revision 1 goes out.
  await new Promise((resolve) => setTimeout(resolve, 4_500))
  await app.sync.syncNow()
  await waitFor(() => app!.sync.status()[0]!, (status) => status.pendingPushes === 0)
  const settled = await server.settledThread(threadId)
  // Measured: resumed, "sent as proposed"; the approval is 'delivered'.
  expect(settled.values.done).toEqual([])
  // Listed as not applied, saying why.
  expect(app.undelivered.list()).toHaveLength(1)
  expect(JSON.stringify(app.undelivered.list()[0])).toContain('revision 2')
}, 120_000)
