import type { Page } from 'playwright-core'
import { newToken, REVIEWER, waitFor } from '../fixtures/sync-fixtures'
import { startBackendProcess, type BackendProcess } from './backend-process'
import { BENCH_REVIEWER, log, type BenchContext, type Figures } from './context'
import { holdKey, AUTO_REPEAT_MS, type HoldResult } from './held-key'
import { percentile, round } from './measure'
import { CpuMeter, EVENT_TIMING_GRANULARITY_MS, keydownDurations, observeKeydownTimings } from './press-cost'
import { CACHED_CASES, pressSamples, PRESS_INTERVAL_MS } from './review-bench'
import { startWebHostProcess, type WebHostProcess } from './web-host-process'

/** Cases in each pull, and presses of `j` each way (at rest, during a pull): `COUNTERSIGN_BENCH_PRESSES` to change. */
const PULL_CASES = 10_000
const PRESSES_EACH_WAY = Number(process.env['COUNTERSIGN_BENCH_PRESSES'] ?? 400)
/** Presses per block; at rest and during a pull alternate block by block. */
const BLOCK = 40
/** Presses per CPU reading: Chromium's CPU times come in 10 ms ticks, so they are read over a run of presses. */
const CPU_SPAN = 10
/** Auto-repeats per hold of `j` (about 5 s at AUTO_REPEAT_MS), and holds each way. */
const HOLD_REPEATS = 150
const HOLDS_EACH_WAY = 2
const PULLED = 'team'

type Condition = 'rest' | 'pull'
type Progress = { stored: number; pullingMs: number }

interface Tally {
  latencies: number[]
  keydownAts: number[]
  /** CPU per press over each span of CPU_SPAN presses, in ms: Chromium's processes, the services', both. */
  chromiumCpu: number[]
  servicesCpu: number[]
  cpu: number[]
  /** The same for each kind of Chromium process. */
  cpuByType: Record<string, number[]>
  /** Cases pulls stored while this condition's presses ran, and the seconds a pull was under way meanwhile. */
  stored: number
  seconds: number
  holds: HoldResult[]
}

const newTally = (): Tally => ({ latencies: [], keydownAts: [], chromiumCpu: [], servicesCpu: [], cpu: [], cpuByType: {}, stored: 0, seconds: 0, holds: [] })

/**
 * Next case (`j`) at rest and while a 10,000-case pull runs, measured interleaved in one run:
 * blocks of presses at rest and during a pull alternate (rest, pull, pull, rest, …), so a shared
 * machine's drift falls on both alike. Per press: the latency to the presented frame showing the
 * next case, its keydown's Event Timing duration, and the CPU time of every Chromium process and
 * of the web host's process (the services, which run in a child process here so that Playwright's
 * client in this process is not counted). Then `j` held down (OS auto-repeat), at rest and during
 * a pull: how fast the screen follows, and whether the pull still progresses.
 *
 * The queue holds the same 20,000 cases throughout: the 10,000 of the loaded bundle, and 10,000
 * from one Review API backend pulled once before measuring. Each later pull brings a new version
 * of those same 10,000 cases (the backend is reseeded with new content under the same ids), so
 * the app parses, validates, hashes and rewrites 10,000 cases per pull while the queue neither
 * grows nor shrinks, at rest or during a pull.
 */
export async function nextCaseBench(context: BenchContext, figures: Figures, loadedDir: string): Promise<void> {
  const token = newToken()
  log(`next case over ${CACHED_CASES} cached + ${PULL_CASES} pulled cases, ${PRESSES_EACH_WAY} presses of j at rest and ${PRESSES_EACH_WAY} during ${PULL_CASES}-case pulls, interleaved in blocks of ${BLOCK}`)
  const backend = await startBackendProcess({ dataDir: context.tempDir(), token, reviewer: REVIEWER, cases: PULL_CASES })
  context.onCleanup(() => backend.close())
  const host = await startWebHostProcess(loadedDir, BENCH_REVIEWER)
  context.onCleanup(() => host.close())
  const puller = new Puller(host, backend)
  await puller.addBackend(token)
  figures['pull_cases_per_s_no_presses'] = await puller.pullUnwatched()

  const { page, close } = await context.openPage(host, () => host.close())
  await observeKeydownTimings(page)
  const cpu = await CpuMeter.open(context.browser, host)
  const tallies: Record<Condition, Tally> = { rest: newTally(), pull: newTally() }
  const held: Record<Condition, Tally> = { rest: newTally(), pull: newTally() }
  /**
   * Runs `measure` in that condition, counting the cases pulls stored meanwhile and the seconds a
   * pull was running, up to when `measure` calls its `end` (by default, when it returns).
   */
  const during = async (condition: Condition, tally: Tally, measure: (end: () => Promise<void>) => Promise<void>) => {
    if (condition === 'pull') await puller.start()
    const before = await puller.progress()
    let ended: Promise<Progress> | null = null
    const end = () => (ended ??= puller.progress()).then(() => {})
    await measure(end)
    await end()
    const after = await ended!
    tally.stored += after.stored - before.stored
    tally.seconds += (after.pullingMs - before.pullingMs) / 1000
    if (condition === 'pull') await puller.stop()
  }

  await pressSamples(page, 0) // warm up
  const blocks = Math.ceil(PRESSES_EACH_WAY / BLOCK) * 2
  for (let block = 0; block < blocks; block++) {
    const condition: Condition = [0, 3].includes(block % 4) ? 'rest' : 'pull'
    log(`block ${block + 1} of ${blocks}: ${condition === 'rest' ? 'at rest' : 'during a pull'}`)
    await during(condition, tallies[condition], () => measureBlock(page, cpu, tallies[condition]))
  }
  for (let hold = 0; hold < HOLDS_EACH_WAY * 2; hold++) {
    const condition: Condition = [0, 3].includes(hold % 4) ? 'rest' : 'pull'
    log(`j held for ${HOLD_REPEATS} auto-repeats every ${AUTO_REPEAT_MS} ms, ${condition === 'rest' ? 'at rest' : 'during a pull'}`)
    // Ingest is counted while the key is held, up to its release.
    await during(condition, held[condition], async (released) => void held[condition].holds.push(await holdKey(page, 'j', HOLD_REPEATS, released)))
  }
  await cpu.close()

  const { rest, pull } = tallies
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
  figures['next_case_cpu_services_process_ms'] = percentile(rest.servicesCpu, 50)
  for (const [type, samples] of Object.entries(rest.cpuByType)) figures[`next_case_cpu_chromium_${type.toLowerCase()}_ms`] = percentile(samples, 50)
  figures['next_case_cpu_ms_during_sync'] = percentile(pull.cpu, 50)
  figures['next_case_cpu_services_process_ms_during_sync'] = percentile(pull.servicesCpu, 50)
  figures['next_case_inp_ms'] = percentile(await keydownDurations(page, rest.keydownAts), 95)
  figures['next_case_inp_ms_during_sync'] = percentile(await keydownDurations(page, pull.keydownAts), 95)
  figures['event_timing_granularity_ms'] = EVENT_TIMING_GRANULARITY_MS
  figures['ingest_cases_per_s_during_presses'] = Math.round(pull.stored / pull.seconds)
  figures['pulls_during_measurement'] = puller.pulls
  figures['pull_during_review_s'] = percentile(puller.seconds, 50)
  heldKeyFigures(figures, 'held_j', held.rest.holds)
  heldKeyFigures(figures, 'held_j_during_sync', held.pull.holds)
  figures['ingest_cases_per_s_held_j'] = Math.round(held.pull.stored / held.pull.seconds)
  await close()
  await backend.close()
}

/** The held-key figures over some holds, named `<prefix>_…`. */
function heldKeyFigures(figures: Figures, prefix: string, holds: readonly HoldResult[]): void {
  const moves = holds.flatMap((hold) => hold.screenMoves)
  const sum = (pick: (hold: HoldResult) => number) => holds.reduce((total, hold) => total + pick(hold), 0)
  figures[`${prefix}_keydowns_per_s`] = round(sum((hold) => hold.keydowns) / (sum((hold) => hold.spanMs - hold.settleMs) / 1000))
  figures[`${prefix}_cases_shown_per_s`] = round(sum((hold) => hold.casesShown) / (sum((hold) => hold.spanMs) / 1000))
  figures[`${prefix}_screen_moves_p50_ms`] = percentile(moves, 50)
  figures[`${prefix}_screen_moves_p95_ms`] = percentile(moves, 95)
  figures[`${prefix}_settle_ms`] = percentile(holds.map((hold) => hold.settleMs), 50)
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
 * Keeps 10,000-case pulls of one backend running between `start` and `stop`: before each pull the
 * backend is reseeded (a new version of each of its 10,000 cases), so every pull stores 10,000
 * changed cases into a workspace whose size stays the same.
 */
class Puller {
  pulls = 0
  readonly seconds: number[] = []
  /** Cases stored, and ms spent pulling, by the pulls that have finished. */
  private storedByFinished = 0
  private msByFinished = 0
  /** The pull under way: when it was asked for (performance.now(), and as an ISO time for the cases it stamps). */
  private current: { begin: number; since: string } | null = null
  private running: Promise<void> | null = null
  private wanted = false

  constructor(
    private readonly host: WebHostProcess,
    private readonly backend: BackendProcess
  ) {}

  /** Adds the backend (which starts its first pull: 10,000 new cases) and waits for that pull to end. */
  async addBackend(token: string): Promise<void> {
    await this.host.addBackend(PULLED, 'Team cases', this.backend.url, token)
    await waitFor(() => this.host.status(PULLED), (s) => s?.state === 'idle' && s.received === PULL_CASES, 120_000)
  }

  /** One pull with nobody pressing keys; returns its cases per second. */
  async pullUnwatched(): Promise<number> {
    const begin = performance.now()
    const pull = await this.pullOnce()
    await pull.done
    return Math.round(PULL_CASES / ((performance.now() - begin) / 1000))
  }

  /**
   * Cases stored by pulls so far (counted as each ingest transaction commits), and ms during which
   * a pull was under way (not the gaps between pulls while the backend is reseeded).
   */
  async progress(): Promise<Progress> {
    const current = this.current
    const received = current ? await this.host.storedSince(PULLED, current.since) : 0
    // Read after the status, so a pull that ended meanwhile is counted once, in the finished ones.
    const pullingMs = this.msByFinished + (this.current ? performance.now() - this.current.begin : 0)
    return { stored: this.storedByFinished + (this.current ? received : 0), pullingMs }
  }

  /** Resolves once the first pull has applied its first page. */
  async start(): Promise<void> {
    this.wanted = true
    const first = await this.pullOnce()
    this.running = (async () => {
      await first.done
      while (this.wanted) await (await this.pullOnce()).done
    })()
    await first.started
  }

  /** Lets the pull under way finish, then starts no more. */
  async stop(): Promise<void> {
    this.wanted = false
    await this.running
    this.running = null
  }

  private async pullOnce(): Promise<{ started: Promise<unknown>; done: Promise<void> }> {
    await this.backend.reseed(100 + this.pulls)
    this.pulls += 1
    const current = { begin: performance.now(), since: new Date().toISOString() }
    await this.host.sync(PULLED)
    this.current = current
    const status = () => this.host.status(PULLED)
    const started = waitFor(status, (s) => s?.state === 'syncing' && s.received > 0, 60_000)
    const done = waitFor(status, (s) => s?.state !== 'syncing', 120_000).then((s) => {
      if (s?.state !== 'idle' || s.received !== PULL_CASES) throw new Error(`a pull ended ${s?.state} after ${s?.received} of ${PULL_CASES} changes: ${s?.lastError}`)
      const ms = performance.now() - current.begin
      this.current = null
      this.storedByFinished += s.received
      this.msByFinished += ms
      this.seconds.push(ms / 1000)
    })
    return { started, done }
  }
}
