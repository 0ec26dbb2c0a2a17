import { openAppServices } from '../../electron/services/app-services'
import { generateCases } from '../fixtures/case-generator'
import { newToken, REVIEWER, resourcesDir, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { log, type BenchContext, type Figures } from './context'
import { elapsedMs, round } from './measure'

const SYNC_CASES = 10_000
const teamConfig = (url: string) => ({ id: 'team', kind: 'review-api' as const, name: 'Team cases', baseUrl: url, syncIntervalSeconds: 3600 })

/** Pull and push of 10,000 against the reference backend (next case during a pull: next-case-bench.ts). */
export async function syncBench(context: BenchContext, figures: Figures): Promise<void> {
  const token = newToken()
  const backendDir = context.tempDir()
  let backend = await startBackend(backendDir, token)
  backend.store.putCases(generateCases({ count: SYNC_CASES, seed: 77, idPrefix: 'team', baseTime: new Date() }), REVIEWER)
  context.onCleanup(() => backend.close())

  log(`pull of ${SYNC_CASES} cases into an empty cache`)
  const services = openAppServices({ dataDir: context.tempDir(), resourcesDir, reviewer: REVIEWER, appVersion: 'bench', undoGraceMs: 0 })
  const pullStart = process.hrtime.bigint()
  await services.settings.save({ config: teamConfig(backend.url), token })
  await services.sync.syncNow()
  figures['sync_pull_10k_s'] = round(elapsedMs(pullStart) / 1000, 2)
  if (services.review.queuePage(0, 1).total !== SYNC_CASES) throw new Error('the pull did not bring every case')

  log(`push of ${SYNC_CASES} queued decisions`)
  const port = backend.port
  await backend.close()
  const openedAt = new Date().toISOString()
  for (let offset = 0; offset < SYNC_CASES; offset += 500) {
    for (const row of services.review.queuePage(0, 500).rows) {
      await services.review.decide({ casePk: row.casePk, revision: 1, outcome: 'approve', openedAt })
    }
  }
  await waitFor(() => services.sync.status()[0]!.pendingPushes, (n) => n === SYNC_CASES, 60_000)
  backend = await startBackend(backendDir, token, { port })
  const pushStart = process.hrtime.bigint()
  await services.sync.syncNow()
  await waitFor(() => services.sync.status()[0]!.pendingPushes, (n) => n === 0, 120_000)
  figures['sync_push_10k_s'] = round(elapsedMs(pushStart) / 1000, 2)
  services.close()
}
