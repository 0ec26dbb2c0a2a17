import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openAppServices } from '../../electron/services/app-services'
import type { BackendConfig } from '../../shared/backends/backend-config'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { REVIEWER, resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { log, type BenchContext, type Figures } from './context'
import { elapsedMs, percentile, round } from './measure'
import { nextCaseLatencies } from './review-bench'

const THREADS = 1_000
const DECISIONS = 100
/** Threads started at once while preparing: the dev server runs ten workers. */
const SETUP_CONCURRENCY = 10

const agentsConfig = (url: string): BackendConfig => ({ id: 'agents', kind: 'langgraph', name: 'Agents', url, graphId: 'agent', syncIntervalSeconds: 3600 })

/** The first turn of thread `n` of the library-built agent: one email for the HITL middleware to stop. */
function emailTurn(n: number): Record<string, unknown> {
  const call = { name: 'send_email', args: { to: `customer-${n}@example.com`, subject: `Refund ${n}`, body: `Hello, your refund ${n} is on its way.` } }
  return { messages: [{ role: 'user', content: JSON.stringify({ toolCalls: [call] }) }] }
}

/**
 * Against a real `langgraphjs dev` server serving the agent built with langchain's `createAgent`
 * and `humanInTheLoopMiddleware`: 1,000 threads paused by the middleware pulled into an empty
 * cache, and approve-to-next-case-painted with that backend configured, while every approval
 * resumes its thread in the background (no undo window, so the resumes overlap the measurement).
 */
export async function langgraphBench(context: BenchContext, figures: Figures): Promise<void> {
  const serverDir = join(context.tempDir(), 'langgraph')
  mkdirSync(serverDir)
  const server = await LanggraphServer.start(serverDir)
  context.onCleanup(() => server.stop())

  log(`starting ${THREADS} LangGraph threads that interrupt`)
  const setupStart = process.hrtime.bigint()
  let started = 0
  await Promise.all(
    Array.from({ length: SETUP_CONCURRENCY }, async () => {
      while (started < THREADS) {
        started += 1
        await server.interruptedThread('agent', emailTurn(started))
      }
    })
  )
  figures['langgraph_setup_threads_per_s'] = round(THREADS / (elapsedMs(setupStart) / 1000), 1)

  log(`pull of ${THREADS} interrupted threads into an empty cache`)
  const services = openAppServices({ dataDir: context.tempDir(), resourcesDir, reviewer: REVIEWER, appVersion: 'bench', watchSla: false })
  const pullStart = process.hrtime.bigint()
  await services.settings.save({ config: agentsConfig(server.url) })
  await services.sync.syncNow()
  figures['langgraph_pull_1k_s'] = round(elapsedMs(pullStart) / 1000, 2)
  const pulled = services.review.queuePage(0, 1).total
  services.close()
  if (pulled !== THREADS) throw new Error(`the pull brought ${pulled} cases, expected ${THREADS}`)

  log(`${DECISIONS} approvals with a, key to next case painted, resumes in the background`)
  process.env['COUNTERSIGN_UNDO_GRACE_MS'] = '0'
  const { harness, page, close } = await context.openApp(context.tempDir())
  try {
    await harness.services.settings.save({ config: agentsConfig(server.url) })
    await waitFor(() => harness.services.sync.status()[0], (status) => status?.state === 'idle' && status.received === THREADS, 60_000)
    await page.locator('[data-testid="pending-count"]', { hasText: `${THREADS} pending` }).waitFor()
    await page.locator('.case-view[data-case-id*=":"]').waitFor()
    await page.waitForSelector('[data-painted-case]')
    const samples = await nextCaseLatencies(page, DECISIONS, 'a')
    figures['langgraph_decide_next_p50_ms'] = percentile(samples, 50)
    figures['langgraph_decide_next_p95_ms'] = percentile(samples, 95)
    await waitFor(() => harness.services.sync.status()[0]!.pendingPushes, (pending) => pending === 0, 120_000)
    const undelivered = harness.services.undelivered.list().length
    if (undelivered > 0) throw new Error(`${undelivered} approvals were not applied`)
  } finally {
    delete process.env['COUNTERSIGN_UNDO_GRACE_MS']
    await close()
  }
}
