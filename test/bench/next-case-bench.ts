import type { Page } from 'playwright-core'
import type { WebHost } from '../../electron/web-host/web-host'
import { newToken, REVIEWER, waitFor } from '../fixtures/sync-fixtures'
import { startBackendProcess } from './backend-process'
import { log, type BenchContext, type Figures } from './context'
import { percentile, round } from './measure'
import { CpuMeter, EVENT_TIMING_GRANULARITY_MS, keydownDurations, observeKeydownTimings } from './press-cost'
import { CACHED_CASES, pressSamples, PRESS_INTERVAL_MS } from './review-bench'

/** Cases in each pull, and presses of `j` each way (at rest, during a pull): `COUNTERSIGN_BENCH_PRESSES` to change. */
const PULL_CASES = 10_000
const PRESSES_EACH_WAY = Number(process.env['COUNTERSIGN_BENCH_PRESSES'] ?? 400)
/** Presses per block; at rest and during a pull alternate block by block. */
const BLOCK = 40
/** Presses per CPU reading: Chromium's CPU times come in 10 ms ticks, so they are read over a run of presses. */
const CPU_SPAN = 10

type Condition = 'rest' | 'pull'

interface Tally {
  latencies: number[]
  keydownAts: number[]
  /** CPU per press over each span of CPU_SPAN presses, in ms: Chromium's processes, the services', both. */
  chromiumCpu: number[]
  servicesCpu: number[]
  cpu: number[]
  /** The same for each kind of Chromium process. */
  cpuByType: Record<string, number[]>
}

const newTally = (): Tally => ({ latencies: [], keydownAts: [], chromiumCpu: [], servicesCpu: [], cpu: [], cpuByType: {} })

/**
 * Next case (`j`) over the 10,000 cached cases, at rest and while a 10,000-case pull runs,
 * measured interleaved in one run: blocks of presses at rest and during a pull alternate
 * (rest, pull, pull, rest, …), so a shared machine's drift falls on both alike. Per press: the
 * latency to the next case painted, its keydown's Event Timing duration, and the CPU time of
 * every Chromium process and of the services.
 */
export async function nextCaseBench(context: BenchContext, figures: Figures, loadedDir: string): Promise<void> {
  const token = newToken()
  log(`next case over ${CACHED_CASES} cached cases, ${PRESSES_EACH_WAY} presses of j at rest and ${PRESSES_EACH_WAY} during ${PULL_CASES}-case pulls, interleaved in blocks of ${BLOCK}`)
  const backend = await startBackendProcess({ dataDir: context.tempDir(), token, reviewer: REVIEWER, cases: PULL_CASES })
  context.onCleanup(() => backend.close())
  const { harness, page, close } = await context.openApp(loadedDir)
  await observeKeydownTimings(page)
  const cpu = await CpuMeter.open(context.browser)
  const puller = new Puller(harness, backend.url, token)
  const tallies: Record<Condition, Tally> = { rest: newTally(), pull: newTally() }

  await pressSamples(page, 0) // warm up
  const blocks = Math.ceil(PRESSES_EACH_WAY / BLOCK) * 2
  for (let block = 0; block < blocks; block++) {
    const condition: Condition = [0, 3].includes(block % 4) ? 'rest' : 'pull'
    log(`block ${block + 1} of ${blocks}: ${condition === 'rest' ? 'at rest' : 'during a pull'}`)
    if (condition === 'pull') await puller.start()
    await measureBlock(page, cpu, tallies[condition])
    if (condition === 'pull') await puller.stop()
  }
  await cpu.close()

  const rest = tallies.rest
  const pull = tallies.pull
  figures['next_case_p50_ms'] = percentile(rest.latencies, 50)
  figures['next_case_p95_ms'] = percentile(rest.latencies, 95)
  figures['next_case_max_ms'] = percentile(rest.latencies, 100)
  // The bench bundle cycles through all five kinds, so this is the mixed-queue figure too.
  figures['next_case_mixed_p95_ms'] = figures['next_case_p95_ms']
  figures['next_case_p50_ms_during_sync'] = percentile(pull.latencies, 50)
  figures['next_case_p95_ms_during_sync'] = percentile(pull.latencies, 95)
  figures['next_case_during_sync_ratio_p50'] = round(percentile(pull.latencies, 50) / percentile(rest.latencies, 50), 2)
  figures['next_case_during_sync_ratio_p95'] = round(percentile(pull.latencies, 95) / percentile(rest.latencies, 95), 2)
  figures['next_case_presses_each_way'] = rest.latencies.length
  figures['press_interval_ms'] = PRESS_INTERVAL_MS
  figures['next_case_cpu_ms'] = percentile(rest.cpu, 50)
  figures['next_case_cpu_chromium_ms'] = percentile(rest.chromiumCpu, 50)
  figures['next_case_cpu_services_ms'] = percentile(rest.servicesCpu, 50)
  for (const [type, samples] of Object.entries(rest.cpuByType)) figures[`next_case_cpu_chromium_${type.toLowerCase()}_ms`] = percentile(samples, 50)
  figures['next_case_cpu_ms_during_sync'] = percentile(pull.cpu, 50)
  figures['next_case_inp_ms'] = percentile(await keydownDurations(page, rest.keydownAts), 95)
  figures['next_case_inp_ms_during_sync'] = percentile(await keydownDurations(page, pull.keydownAts), 95)
  figures['event_timing_granularity_ms'] = EVENT_TIMING_GRANULARITY_MS
  figures['pulls_during_measurement'] = puller.pulls
  figures['pull_during_review_s'] = percentile(puller.seconds, 50)
  await close()
  await backend.close()
}

/** BLOCK presses of `j`, reading the CPU times every CPU_SPAN presses. */
async function measureBlock(page: Page, cpu: CpuMeter, tally: Tally): Promise<void> {
  for (let span = 0; span < BLOCK / CPU_SPAN; span++) {
    const before = await cpu.read()
    const samples = await pressSamples(page, CPU_SPAN, 'j', 0)
    const after = await cpu.read()
    const perPress = (key: 'chromium' | 'services') => (after[key] - before[key]) / CPU_SPAN
    for (const type of Object.keys(after.byType)) (tally.cpuByType[type] ??= []).push((after.byType[type]! - (before.byType[type] ?? 0)) / CPU_SPAN)
    tally.chromiumCpu.push(perPress('chromium'))
    tally.servicesCpu.push(perPress('services'))
    tally.cpu.push(perPress('chromium') + perPress('services'))
    for (const sample of samples) {
      tally.latencies.push(sample.latencyMs)
      tally.keydownAts.push(sample.keydownAt)
    }
  }
}

/**
 * Keeps 10,000-case pulls running between `start` and `stop`: each pull adds the reference backend
 * again under a new id, so every pull stores 10,000 new cases rather than re-reading known ones.
 */
class Puller {
  pulls = 0
  readonly seconds: number[] = []
  private running: Promise<void> | null = null
  private wanted = false

  constructor(
    private readonly harness: WebHost,
    private readonly url: string,
    private readonly token: string
  ) {}

  /** Resolves once the first pull has applied its first page. */
  async start(): Promise<void> {
    this.wanted = true
    const first = this.pullOnce()
    this.running = (async () => {
      await first.done
      while (this.wanted) await this.pullOnce().done
    })()
    await first.started
  }

  /** Lets the pull under way finish, then starts no more. */
  async stop(): Promise<void> {
    this.wanted = false
    await this.running
  }

  private pullOnce(): { started: Promise<unknown>; done: Promise<void> } {
    const { services } = this.harness
    const id = `team-${this.pulls++}`
    const begin = performance.now()
    const saved = services.settings.save({ config: { id, kind: 'review-api', name: `Team cases ${id}`, baseUrl: this.url, syncIntervalSeconds: 3600 }, token: this.token })
    const status = () => services.sync.status().find((s) => s.id === id)
    const started = saved.then(() => waitFor(status, (s) => (s?.received ?? 0) > 0, 60_000))
    const done = saved
      .then(() => waitFor(status, (s) => s?.state === 'idle' && s.received === PULL_CASES, 120_000))
      .then(() => {
        this.seconds.push((performance.now() - begin) / 1000)
      })
    return { started, done }
  }
}
