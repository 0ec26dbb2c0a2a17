import { openAppServices } from '../../electron/services/app-services'
import { REVIEWER, resourcesDir, waitFor } from '../fixtures/sync-fixtures'

// The app's real services in a process of their own, for tests that kill it:
//   app-process.ts <dataDir> decide <count>   decide that many pending cases, then keep pushing
//   app-process.ts <dataDir> sync             sync until nothing waits, print the outbox, exit
const [dataDir, mode, count] = process.argv.slice(2)
const services = openAppServices({ dataDir: dataDir!, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0 })

async function main(): Promise<void> {
  if (mode === 'decide') {
    const openedAt = new Date().toISOString()
    const rows = services.review.queuePage(0, Number(count)).rows
    for (const row of rows) {
      const detail = services.review.caseDetail(row.casePk)
      await services.review.decide({ casePk: row.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt })
    }
    console.log(`decided ${rows.length}`)
    return new Promise(() => {}) // keep pushing until killed
  }
  await services.sync.syncNow()
  const status = await waitFor(() => services.sync.status()[0]!, (s) => s.pendingPushes === 0 && s.state === 'idle', 30_000)
  console.log(JSON.stringify(status))
  services.close()
}

void main()
