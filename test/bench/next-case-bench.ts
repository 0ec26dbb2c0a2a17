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
/** The pulled backends' ids: `team-1`, `team-2`. */
export const PULLED = 'team'
/** Backends pulled in turn (see Puller), each serving PULL_CASES cases. */
const PULLED_BACKENDS = 2

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
  /** Presses made in the pull condition while no pull ran (between two pulls), left out of every figure. */
  leftOut: number
}

const newTally = (): Tally => ({ latencies: [], keydownAts: [], chromiumCpu: [], servicesCpu: [], cpu: [], cpuByType: {}, stored: 0, seconds: 0, holds: [], leftOut: 0 })

/**
 * Next case (`j`) at rest and while a 10,000-case pull runs, measured interleaved in one run:
 * blocks of presses at rest and during a pull alternate (rest, pull, pull, rest, …), so a shared
 * machine's drift falls on both alike. Per press: the latency to the presented frame showing the
 * next case, its keydown's Event Timing duration, and the CPU time of every Chromium process and
 * of the web host's process (the services, which run in a child process here so that Playwright's
 * client in this process is not counted). Then `j` held down (OS auto-repeat), at rest and during
 * a pull: how fast the screen follows, and whether the pull still progresses.
 *
 * The queue holds the same 30,000 cases throughout: the 10,000 of the loaded bundle, and 10,000
 * from each of two Review API backends pulled once before measuring. Each later pull brings a new
 * version of one backend's 10,000 cases (the backend is reseeded with new content under the same
 * ids), so the app parses, validates, hashes and rewrites 10,000 cases per pull while the queue
 * neither grows nor shrinks, at rest or during a pull. The two backends are pulled in turn, one
 * reseeded while the other is pulled, so a pull runs through the "during a pull" blocks; presses
 * that still fall between two pulls are left out and their share is reported
 * (`next_case_during_sync_overlap_pct`).
 */
export async function nextCaseBench(context: BenchContext, figures: Figures, loadedDir: string): Promise<void> {
  const token = newToken()
  log(`next case over ${CACHED_CASES} cached + ${PULLED_BACKENDS} × ${PULL_CASES} pulled cases, ${PRESSES_EACH_WAY} presses of j at rest and ${PRESSES_EACH_WAY} during ${PULL_CASES}-case pulls, interleaved in blocks of ${BLOCK}`)
  const backends: BackendProcess[] = []
  for (let i = 0; i < PULLED_BACKENDS; i++) {
    const backend = await startBackendProcess({ dataDir: context.tempDir(), token, reviewer: REVIEWER, cases: PULL_CASES })
    context.onCleanup(() => backend.close())
    backends.push(backend)
  }
  const host = await startWebHostProcess(loadedDir, BENCH_REVIEWER)
  context.onCleanup(() => host.close())
  const puller = new Puller(host, backends)
  await puller.addBackends(token)
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
    await during(condition, tallies[condition], () => measureBlock(page, cpu, tallies[condition], condition === 'pull' ? (from, to) => puller.pulledThroughout(from, to) : undefined))
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
  // The share of the presses made in the pull condition that a pull overlapped (and were counted).
  figures['next_case_during_sync_overlap_pct'] = round((100 * pull.latencies.length) / (pull.latencies.length + pull.leftOut))
  figures['pulls_during_measurement'] = puller.pulls
  figures['pull_during_review_s'] = percentile(puller.seconds, 50)
  // The services' thread while the bench's pulls ran (presses or not), per 10,000 cases pulled:
  // how often, and how long at most, a request from the review screen could have waited behind
  // more than two ingest slices.
  const servicesBlocks = await host.blocks()
  figures['sync_services_blocks_over_10ms'] = round((servicesBlocks.length * 10_000) / (puller.pulls * PULL_CASES), 1)
  figures['sync_services_longest_block_ms'] = Math.max(0, ...servicesBlocks)
  heldKeyFigures(figures, 'held_j', held.rest.holds)
  heldKeyFigures(figures, 'held_j_during_sync', held.pull.holds)
  figures['ingest_cases_per_s_held_j'] = Math.round(held.pull.stored / held.pull.seconds)
  await close()
  for (const backend of backends) await backend.close()
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

/**
 * BLOCK presses of `j`, reading the CPU times every CPU_SPAN presses. With `pulling` (the pull
 * condition), a span of presses counts only if a pull was under way from its first press to its
 * last; spans that were not are left out (and counted in `tally.leftOut`), and the block presses
 * on until it has BLOCK that were (or three times that, pressed).
 */
async function measureBlock(page: Page, cpu: CpuMeter, tally: Tally, pulling?: (from: number, to: number) => boolean): Promise<void> {
  let counted = 0
  for (let pressed = 0; counted < BLOCK && pressed < 3 * BLOCK; pressed += CPU_SPAN) {
    const begin = performance.now()
    const before = await cpu.read()
    const samples = await pressSamples(page, CPU_SPAN, 'j', 0)
    const after = await cpu.read()
    if (pulling && !pulling(begin, performance.now())) {
      tally.leftOut += CPU_SPAN
      continue
    }
    counted += CPU_SPAN
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

/** One pull: from when it was asked for to when its end was seen, on the bench's clock (performance.now()). */
interface PullSpan {
  begin: number
  end: number
}

/** One backend the Puller pulls from: its process, and when its next version of the cases is in (its reseed). */
interface PulledBackend {
  id: string
  process: BackendProcess
  ready: Promise<void>
}

/**
 * Keeps 10,000-case pulls running between `start` and `stop`, from two backends in turn: while
 * one is pulled, the other is reseeded (a new version of each of its 10,000 cases, generated and
 * stored by the backend's own process at the lowest CPU priority), so the next pull can begin as
 * soon as one ends and a pull is under way nearly all the time (a reseed takes seconds; with one
 * backend, a third of the time went to reseeding with no pull running). Every pull stores 10,000
 * changed cases into a workspace whose size stays the same. `stop` waits for the pull under way
 * and for the reseed under way, so nothing of the Puller's runs in the blocks at rest.
 */
export class Puller {
  pulls = 0
  readonly seconds: number[] = []
  /** Each finished pull's span, for telling the presses made while a pull ran from those made between pulls. */
  readonly spans: PullSpan[] = []
  /** Cases stored, and ms spent pulling, by the pulls that have finished. */
  private storedByFinished = 0
  private msByFinished = 0
  /** The pull under way: which backend, when it was asked for (performance.now(), and as an ISO time for the cases it stamps). */
  private current: { backend: PulledBackend; begin: number; since: string } | null = null
  private running: Promise<void> | null = null
  private wanted = false
  private readonly backends: PulledBackend[]
  /** The backend whose turn is next. */
  private next = 0
  private seeds = 0

  constructor(
    private readonly host: WebHostProcess,
    processes: readonly BackendProcess[]
  ) {
    this.backends = processes.map((process, index) => ({ id: `${PULLED}-${index + 1}`, process, ready: Promise.resolve() }))
  }

  /** Adds the backends (each starts its first pull: 10,000 new cases) and waits for those pulls to end. */
  async addBackends(token: string): Promise<void> {
    for (const backend of this.backends) {
      await this.host.addBackend(backend.id, `Team cases ${backend.id}`, backend.process.url, token)
      await waitFor(() => this.host.status(backend.id), (s) => s?.state === 'idle' && s.received === PULL_CASES, 120_000)
      backend.ready = backend.process.reseed(100 + this.seeds++)
    }
  }

  /** One pull with nobody pressing keys; returns its cases per second. */
  async pullUnwatched(): Promise<number> {
    const begin = performance.now()
    const pull = await this.pullOnce()
    await pull.done
    const rate = Math.round(PULL_CASES / ((performance.now() - begin) / 1000))
    await this.reseeded()
    return rate
  }

  /** Whether a pull is under way now, as the services report it. */
  async syncing(): Promise<boolean> {
    const statuses = await Promise.all(this.backends.map((backend) => this.host.status(backend.id)))
    return statuses.some((status) => status?.state === 'syncing')
  }

  /** Whether a pull was under way throughout [from, to] (bench clock): the pull under way now, or a finished one. */
  pulledThroughout(from: number, to: number): boolean {
    const current = this.current
    if (current && current.begin <= from) return true
    return this.spans.some((span) => span.begin <= from && to <= span.end)
  }

  /**
   * Cases stored by pulls so far (counted as each ingest transaction commits), and ms during which
   * a pull was under way (not the gaps between pulls, if a reseed outlasts a pull).
   */
  async progress(): Promise<Progress> {
    const current = this.current
    const received = current ? await this.host.storedSince(current.backend.id, current.since) : 0
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

  /** Lets the pull under way finish, and the reseed under way too, then starts no more. */
  async stop(): Promise<void> {
    this.wanted = false
    await this.running
    this.running = null
    await this.reseeded()
  }

  private async reseeded(): Promise<void> {
    await Promise.all(this.backends.map((backend) => backend.ready))
  }

  /** Pulls the backend whose turn it is (once its reseed is in), and reseeds it as soon as that pull ends. */
  private async pullOnce(): Promise<{ started: Promise<unknown>; done: Promise<void> }> {
    const backend = this.backends[this.next]!
    this.next = (this.next + 1) % this.backends.length
    await backend.ready
    this.pulls += 1
    const current = { backend, begin: performance.now(), since: new Date().toISOString() }
    await this.host.sync(backend.id)
    this.current = current
    const status = () => this.host.status(backend.id)
    const started = waitFor(status, (s) => s?.state === 'syncing' && s.received > 0, 60_000)
    const done = waitFor(status, (s) => s?.state !== 'syncing', 120_000).then((s) => {
      if (s?.state !== 'idle' || s.received !== PULL_CASES) throw new Error(`a pull ended ${s?.state} after ${s?.received} of ${PULL_CASES} changes: ${s?.lastError}`)
      const end = performance.now()
      this.current = null
      this.storedByFinished += s.received
      this.msByFinished += end - current.begin
      this.seconds.push((end - current.begin) / 1000)
      this.spans.push({ begin: current.begin, end })
      // The next version of this backend's cases, made while the other backend is pulled.
      backend.ready = backend.process.reseed(100 + this.seeds++)
    })
    return { started, done }
  }
}
