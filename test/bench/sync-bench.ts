import { openAppServices } from '../../electron/services/app-services'
import { generateCases } from '../fixtures/case-generator'
import { newToken, REVIEWER, resourcesDir, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { log, type BenchContext, type Figures } from './context'
import { elapsedMs, percentile, round } from './measure'
import { CACHED_CASES, nextCaseLatencies } from './review-bench'

const SYNC_CASES = 10_000
const teamConfig = (url: string) => ({ id: 'team', kind: 'review-api' as const, name: 'Team cases', baseUrl: url, syncIntervalSeconds: 3600 })

/** Pull and push of 10,000 against the reference backend, and review latency while a pull runs. */
export async function syncBench(context: BenchContext, figures: Figures, loadedDir: string): Promise<void> {
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

  log(`next case while a ${SYNC_CASES}-case pull runs (${CACHED_CASES} cached)`)
  const { harness, page, close } = await context.openApp(loadedDir)
  // Keep a 10,000-case pull running for the whole measurement: each round adds the backend again
  // under a new id, so every pull stores 10,000 new cases rather than re-reading known ones.
  let measuring = true
  let pulls = 0
  const pulling = (async () => {
    while (measuring) {
      const id = `team-${pulls}`
      await harness.services.settings.save({ config: { ...teamConfig(backend.url), id }, token })
      await waitFor(() => harness.services.sync.status().find((s) => s.id === id), (s) => s?.state === 'idle' && s.received === SYNC_CASES, 60_000)
      pulls += 1
    }
  })()
  const samples = await nextCaseLatencies(page)
  measuring = false
  await pulling
  figures['next_case_p50_ms_during_sync'] = percentile(samples, 50)
  figures['next_case_p95_ms_during_sync'] = percentile(samples, 95)
  figures['pulls_during_measurement'] = pulls
  await close()
}
