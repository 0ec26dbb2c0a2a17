import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openAppServices } from '../../electron/services/app-services'
import { memorySecretStore } from '../../electron/services/secrets/secret-store'
import { rejectReasonsFor } from '../../shared/domain/reject-reasons'
import { rendererCaller } from '../fixtures/renderer-call'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { useAppScope } from '../fixtures/app-scope'

// Attack 23 on the machine: the data directory's disk is full (SQLite answers SQLITE_FULL; here
// `max_page_count` makes it, as a full disk does, measured first on a 2 MB tmpfs). The decision
// is refused, rightly, and nothing is half-written; but the reviewer reads only "Countersign could
// not complete decide: an unexpected fault (the details are in logs/countersign.log in its data
// folder)" — a log that a full disk cannot take either. Nothing says the disk is full, or that the
// decision was not recorded.

const scope = useAppScope('countersign-a23-full-')

it('a decision refused because the disk is full says so, and that it was not recorded', async () => {
  const app = (scope.services = openAppServices({ dataDir: join(scope.dir.path, 'app'), resourcesDir, reviewer: 'dana', appVersion: '1.0.0-test', secrets: memorySecretStore(), watchSla: false }))
  const call = rendererCaller(app)
  const [row] = app.review.queuePage(0, 1).rows
  const detail = app.review.caseDetail(row!.casePk)
  await app.keys.activeKey()
  const pages = app.db.pragma('page_count', { simple: true }) as number
  app.db.pragma(`max_page_count = ${pages}`)
  const refusal = await call('decide', { casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'reject', reasonCode: rejectReasonsFor(detail.reviewCase)[0]!.code, note: 'x'.repeat(4_000), shownContentHash: detail.contentHash, openedAt: new Date().toISOString() }).then(
    () => null,
    (error: Error) => error.message
  )
  expect(refusal).toMatch(/full/i)
  expect(refusal).toMatch(/not (been )?recorded/i)
})
