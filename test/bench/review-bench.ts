import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { REACTION_TIME_MS } from '../../shared/commands'
import { writeFileSync } from 'node:fs'
import { openAppServices } from '../../electron/services/app-services'
import { VIEWPORT } from '../e2e/driver'
import { startWebHost } from '../../electron/web-host/web-host'
import { generateBundle } from '../fixtures/case-generator'
import { BENCH_REVIEWER, log, type BenchContext, type Figures } from './context'
import { elapsedMs, epochNow, keyToStoredMs, percentile, pressToNextCasePainted, type PressSample } from './measure'
import { keydownDurations, observeKeydownTimings } from './press-cost'
import { importIntoCache } from '../fixtures/cache-file'

export const CACHED_CASES = 10_000
export const PRESSES = 200
/**
 * Presses start at least this far apart: ten cases a second, faster than anyone reads, and the
 * same cadence at rest and during sync so the two figures compare.
 */
export const PRESS_INTERVAL_MS = 100
const DECISIONS = 100
/**
 * The app applies a decision key only to a case on screen for the reaction time (default
 * REACTION_TIME_MS.default); it marks the case `data-seen-case` then. Decision presses wait for
 * it, as a reviewer reads before deciding; the time waited is not part of any figure.
 */
const SEEN = '[data-seen-case]'

/**
 * The ingest rate as a reviewer meets it: the app's services on a fresh data directory, a bundle
 * backend added in Settings (`settings.save`) for the bundle file at `bundleFile`, and its first
 * pull (`syncNow`) to its end, every case stored. Timed from the save to the pull's end: reading
 * the file, hashing it and finding its cases (a worker thread), preparing the cases in pages of
 * BUNDLE_PAGE_CASES (the workers), and writing them in the services' ≤ 4 ms slices, each after a
 * turn of the event loop. Returns cases per second.
 */
async function ingestRate(dataDir: string, bundleFile: string): Promise<number> {
  const services = openAppServices({ dataDir, resourcesDir: join(__dirname, '../../resources'), reviewer: BENCH_REVIEWER, appVersion: 'bench', watchSla: false })
  // The generator's garbage is the bench's, not the import's: collect it before timing.
  ;(globalThis as { gc?: () => void }).gc?.()
  const start = process.hrtime.bigint()
  await services.settings.save({ config: { id: 'bench', kind: 'bundle', name: 'Bench', path: bundleFile, syncIntervalSeconds: 3600 } })
  await services.sync.syncNow('bench')
  const seconds = elapsedMs(start) / 1000
  const status = services.sync.status().find((backend) => backend.id === 'bench')
  const stored = services.review.queuePage(0, 1).total
  services.close()
  if (stored !== CACHED_CASES) throw new Error(`expected ${CACHED_CASES} cases, stored ${stored} (${status?.lastError ?? status?.state})`)
  return Math.round(CACHED_CASES / seconds)
}

/**
 * Presses `key` (`j`, or `a` to decide and move on) `presses` times, after `warmUp` presses that
 * are not counted, one every PRESS_INTERVAL_MS at most. A decision key is pressed only once the
 * case has been seen.
 *
 * Each sample's latency ends at the presented frame that shows the next case, taken as the later
 * of two times: the keydown's Event Timing end (`startTime + duration`: the presentation of the
 * first frame after the keydown's handlers ran, as browsers measure Interaction to Next Paint,
 * rounded to 8 ms), which no case shown by this press can precede and which is exact when the case
 * is drawn in the keydown's own task; and the start of the frame after the one that marks the case
 * painted (`pressToNextCasePainted`), for a case drawn in a later frame. A keydown with no entry
 * took under Event Timing's 16 ms threshold, and the second time stands alone.
 */
export async function pressSamples(page: Page, presses: number, key = 'j', warmUp = 10): Promise<PressSample[]> {
  await observeKeydownTimings(page)
  const samples: PressSample[] = []
  for (let i = 0; i < presses + warmUp; i++) {
    if (key !== 'j') await page.waitForSelector(SEEN)
    const started = Date.now()
    const sample = await pressToNextCasePainted(page, key)
    if (i >= warmUp) samples.push(sample)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, PRESS_INTERVAL_MS - (Date.now() - started))))
  }
  const durations = await keydownDurations(page, samples.map((sample) => sample.keydownAt))
  return samples.map((sample, index) => ({ ...sample, latencyMs: Math.max(sample.frameAfterMarkMs, durations[index]!) }))
}

/** The keypress-to-painted latencies of `presses` presses of `key` (see `pressSamples`). */
export async function nextCaseLatencies(page: Page, presses = PRESSES, key = 'j'): Promise<number[]> {
  return (await pressSamples(page, presses, key)).map((sample) => sample.latencyMs)
}

/**
 * The ingest rate of a 10,000-case bundle file pulled by a bundle backend into a fresh cache
 * (`ingestRate`; run before Chromium starts, whose start-up work would otherwise share the two
 * cores). Returns a data directory loaded with the same cases, imported as a bundle workspace
 * without a backend (`importBundle`), so the review figures run without a backend to sync.
 */
export async function ingestBench(tempDir: () => string, figures: Figures): Promise<string> {
  log(`generating a ${CACHED_CASES}-case bundle`)
  const bundleText = JSON.stringify(generateBundle({ count: CACHED_CASES, seed: 42, workspace: { id: 'bench', name: 'Bench' } }))
  const bundleFile = join(tempDir(), 'bench.bundle.json')
  writeFileSync(bundleFile, bundleText)
  log('ingest: a bundle backend\'s first pull')
  await ingestRate(tempDir(), bundleFile) // warm-up: JIT, the workers' start and the file cache
  figures['ingest_cases_per_s'] = await ingestRate(tempDir(), bundleFile)
  const loadedDir = tempDir()
  importIntoCache(loadedDir, bundleText)
  return loadedDir
}

/** Fresh starts timed for first_case_ms: one start varies by ±40 % on this machine class. */
const FIRST_CASE_STARTS = 5

/**
 * One fresh start as a new reviewer meets it, in ms: the web host started on an empty data
 * directory (the demo workspace), a new browser context and page, and the page loaded until the
 * frame after the one that first shows a case (`data-painted-case`, set in the animation frame
 * that draws it). The end is taken in the page (its epoch time, `performance.timeOrigin` based),
 * not when a poll from here sees it: Playwright's polling added 100–150 ms.
 */
async function firstCaseMs(context: BenchContext): Promise<number> {
  const start = epochNow()
  const fresh = await startWebHost({ dataDir: context.tempDir(), reviewer: BENCH_REVIEWER })
  const freshContext = await context.browser.newContext({ viewport: VIEWPORT })
  await freshContext.addInitScript(() => {
    const page = window as { firstCasePresented?: number }
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-painted-case]')) return
      observer.disconnect()
      requestAnimationFrame(() => (page.firstCasePresented = performance.timeOrigin + performance.now()))
    })
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-painted-case'] })
  })
  const freshPage = await freshContext.newPage()
  await freshPage.goto(fresh.url)
  const presented = await freshPage.waitForFunction(() => (window as { firstCasePresented?: number }).firstCasePresented, null, { polling: 'raf' })
  const ms = ((await presented.jsonValue()) as number) - start
  await freshContext.close()
  await fresh.close()
  return ms
}

/** The review figures: first case on a fresh data directory (median of FIRST_CASE_STARTS), and keystroke to committed. */
export async function reviewBench(context: BenchContext, figures: Figures, loadedDir: string): Promise<void> {
  log(`first case on a fresh data directory, ${FIRST_CASE_STARTS} starts`)
  const starts: number[] = []
  for (let i = 0; i < FIRST_CASE_STARTS; i++) starts.push(await firstCaseMs(context))
  log(`first case: ${starts.map((ms) => Math.round(ms)).join(', ')} ms`)
  figures['first_case_ms'] = percentile(starts, 50)

  const { page, close, harness } = await context.openApp(loadedDir)
  log(`${DECISIONS} decisions with a, keystroke to committed; each press waits until its case has been on screen for the reaction time (${REACTION_TIME_MS.default} ms)`)
  figures['decision_press_after_case_shown_ms'] = REACTION_TIME_MS.default
  // The services run in this process: note when each decision's commit completes.
  const review = harness.services.review
  const decide = review.decide.bind(review)
  let onCommit: (epoch: number) => void = () => {}
  review.decide = async (request) => {
    const receipt = await decide(request)
    onCommit(epochNow())
    return receipt
  }
  const nextCommit = () => new Promise<number>((resolve) => (onCommit = resolve))
  const stored: number[] = []
  for (let i = 0; i < DECISIONS; i++) {
    await page.waitForSelector(SEEN)
    stored.push(await keyToStoredMs(page, 'a', nextCommit))
  }
  figures['keystroke_to_stored_p50_ms'] = percentile(stored, 50)
  figures['keystroke_to_stored_p95_ms'] = percentile(stored, 95)
  await close()
}
