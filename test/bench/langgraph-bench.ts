import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openAppServices } from '../../electron/services/app-services'
import type { BackendConfig } from '../../shared/backends/backend-config'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { runAsRemoteServer } from './remote-server'
import { REVIEWER, resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { log, type BenchContext, type Figures } from './context'
import { elapsedMs, epochNow, percentile, round } from './measure'
import { CpuMeter } from './press-cost'
import { pressSamples } from './review-bench'

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
 * The risk the bench's graph owners declare on each thread (`countersign_risk`): reversible and
 * internal, so one `a` records the approval, as the figure measures. An undeclared risk would ask
 * for the key a second time.
 */
const DECLARED_RISK = { countersign_risk: { reversible: true, audience: 'internal', touchesMoney: false, touchesAccess: false, touchesLegal: false } }

/**
 * Against a real `langgraphjs dev` server serving the agent built with langchain's `createAgent`
 * and `humanInTheLoopMiddleware`: 1,000 threads paused by the middleware pulled into an empty
 * cache, and approve-to-next-case-painted with that backend configured, while every approval
 * resumes its thread in the background (no undo window, so the resumes overlap the measurement).
 * Beside it, what the figure is made of: keystroke to the decision stored (signed and committed,
 * which the next case waits for), and the CPU each decision costs Chromium, the services (with
 * the bench's Playwright client, which shares their process) and the LangGraph server, which
 * shares this machine's cores here, though at the lowest weight (`runAsRemoteServer`).
 */
export async function langgraphBench(context: BenchContext, figures: Figures): Promise<void> {
  const serverDir = join(context.tempDir(), 'langgraph')
  mkdirSync(serverDir)
  const server = await LanggraphServer.start(serverDir)
  context.onCleanup(() => server.stop())
  runAsRemoteServer(server.pid!)

  log(`starting ${THREADS} LangGraph threads that interrupt`)
  const setupStart = process.hrtime.bigint()
  let started = 0
  await Promise.all(
    Array.from({ length: SETUP_CONCURRENCY }, async () => {
      while (started < THREADS) {
        started += 1
        await server.interruptedThread('agent', emailTurn(started), DECLARED_RISK)
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
  // The services run in this process here, so their CPU figure includes the bench's own client.
  const cpu = await CpuMeter.open(context.browser, { cpuMs: () => (process.cpuUsage().user + process.cpuUsage().system) / 1000 })
  try {
    await harness.services.settings.save({ config: agentsConfig(server.url) })
    await waitFor(() => harness.services.sync.status()[0], (status) => status?.state === 'idle' && status.received === THREADS, 60_000)
    await page.locator('[data-testid="pending-count"]', { hasText: `${THREADS} pending` }).waitFor()
    await page.locator('.case-view[data-case-id*=":"]').waitFor()
    await page.waitForSelector('[data-painted-case]')
    // The services run in this process: note when each decision is stored (signed and committed).
    const storedAt: number[] = []
    const review = harness.services.review
    const decide = review.decide.bind(review)
    review.decide = async (request) => {
      const receipt = await decide(request)
      storedAt.push(epochNow())
      return receipt
    }
    const pageOrigin = (await page.evaluate('performance.timeOrigin')) as number
    const cpuBefore = await cpu.read()
    const serverBefore = server.cpuMs()
    const samples = await pressSamples(page, DECISIONS, 'a')
    const cpuAfter = await cpu.read()
    const serverAfter = server.cpuMs()
    figures['langgraph_decide_next_p50_ms'] = percentile(samples.map((sample) => sample.latencyMs), 50)
    figures['langgraph_decide_next_p95_ms'] = percentile(samples.map((sample) => sample.latencyMs), 95)
    // Each press decided exactly one case (none asks for confirmation), so the last DECISIONS stores are the samples'.
    const stored = storedAt.slice(-DECISIONS).map((at, i) => at - (pageOrigin + samples[i]!.keydownAt))
    figures['langgraph_key_to_stored_p50_ms'] = percentile(stored, 50)
    figures['langgraph_key_to_stored_p95_ms'] = percentile(stored, 95)
    // The rest of each sample: from the decision stored to the next case presented (the renderer's share).
    const afterStored = samples.map((sample, i) => sample.latencyMs - stored[i]!)
    figures['langgraph_stored_to_next_p50_ms'] = percentile(afterStored, 50)
    figures['langgraph_stored_to_next_p95_ms'] = percentile(afterStored, 95)
    // CPU per decision over every press of the run, warm-up included (CpuMeter reads whole runs).
    const presses = storedAt.length
    figures['langgraph_decide_cpu_chromium_ms'] = round((cpuAfter.chromium - cpuBefore.chromium) / presses)
    figures['langgraph_decide_cpu_services_ms'] = round((cpuAfter.services - cpuBefore.services) / presses)
    if (serverBefore !== null && serverAfter !== null) figures['langgraph_decide_cpu_server_ms'] = round((serverAfter - serverBefore) / presses)
    // The outbox itself, not the status (which refreshes after each push): every approval delivered.
    await waitFor(() => harness.services.repositories.outbox.counts('agents').pending, (pending) => pending === 0, 120_000)
    const undelivered = harness.services.undelivered.list().length
    if (undelivered > 0) throw new Error(`${undelivered} approvals were not applied`)
  } finally {
    delete process.env['COUNTERSIGN_UNDO_GRACE_MS']
    await cpu.close()
    await close()
  }
}
