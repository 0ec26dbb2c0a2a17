import type { Browser, CDPSession, Page } from 'playwright-core'
import type { WebHostProcess } from './web-host-process'

/** CPU time used so far, in milliseconds, by Chromium's processes and by the web host's process (the app's services). */
export interface CpuTotals {
  /** Every Chromium process: browser, GPU, network and other utilities, renderers. */
  chromium: number
  /** Chromium's by process type (`browser`, `renderer`, `GPU`, `utility`…). */
  byType: Record<string, number>
  /**
   * The web host's process alone: the services (and, during a pull, ingest). Not the bench's own
   * process, where Playwright's client drives the page.
   */
  services: number
}

/**
 * Reads the CPU time of every Chromium process through the DevTools protocol's browser target
 * (`SystemInfo.getProcessInfo`: cumulative `cpuTime` in seconds per process) and the web host
 * process's from /proc (see `WebHostProcess.cpuMs`). On Linux the kernel counts both in 10 ms
 * ticks, so a figure per press is only meaningful over a run of presses.
 */
export class CpuMeter {
  private constructor(
    private readonly session: CDPSession,
    private readonly host: Pick<WebHostProcess, 'cpuMs'>
  ) {}

  static async open(browser: Browser, host: Pick<WebHostProcess, 'cpuMs'>): Promise<CpuMeter> {
    return new CpuMeter(await browser.newBrowserCDPSession(), host)
  }

  async read(): Promise<CpuTotals> {
    const { processInfo } = (await this.session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] }
    const byType: Record<string, number> = {}
    for (const info of processInfo) byType[info.type] = (byType[info.type] ?? 0) + info.cpuTime * 1000
    return {
      byType,
      chromium: processInfo.reduce((sum, info) => sum + info.cpuTime * 1000, 0),
      services: this.host.cpuMs()
    }
  }

  async close(): Promise<void> {
    await this.session.detach()
  }
}

/** Event Timing reports only events at least this long (the API's smallest `durationThreshold`). */
export const EVENT_TIMING_THRESHOLD_MS = 16
/** Event Timing rounds every `duration` to this many milliseconds. */
export const EVENT_TIMING_GRANULARITY_MS = 8

/**
 * Starts collecting the page's keydown `PerformanceEventTiming` entries (W3C Event Timing, the
 * measure behind Interaction to Next Paint): from the key's hardware timestamp to the next paint
 * after its handlers ran, rounded to 8 ms. Once per page: a second call changes nothing.
 */
export async function observeKeydownTimings(page: Page): Promise<void> {
  // Plain JavaScript in a string: the TypeScript loader would wrap it in helpers the page lacks.
  await page.evaluate(`
    if (!window.__keydownTimings) {
      window.__keydownTimings = []
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (entry.name === 'keydown') window.__keydownTimings.push([entry.startTime, entry.duration])
      }).observe({ type: 'event', durationThreshold: ${EVENT_TIMING_THRESHOLD_MS}, buffered: true })
    }
  `)
}

/**
 * The Event Timing duration of each keydown, found by its `event.timeStamp` (an entry's
 * `startTime`). A keydown with no entry took under the threshold, so at most 8 ms as rounded,
 * and counts as 8.
 */
export async function keydownDurations(page: Page, keydownAts: readonly number[]): Promise<number[]> {
  // Entries are delivered after the frame that ends them: let two frames pass.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const entries = (await page.evaluate('window.__keydownTimings')) as [number, number][]
  return keydownAts.map((at) => entries.find(([startTime]) => Math.abs(startTime - at) < 1)?.[1] ?? EVENT_TIMING_GRANULARITY_MS)
}
