import type { Browser, Page } from 'playwright-core'
import { VIEWPORT } from '../e2e/driver'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { makeTempDir } from '../fixtures/temp-dir'

/** The reviewer the benchmarks decide as. */
export const BENCH_REVIEWER = 'bench-reviewer'

export type Figures = Record<string, number | string>

/** What every benchmark section shares: one Chromium, temp directories cleaned up at the end. */
export class BenchContext {
  private readonly dirs: ReturnType<typeof makeTempDir>[] = []
  private readonly cleanups: (() => Promise<void>)[] = []

  constructor(readonly browser: Browser) {}

  tempDir(): string {
    const dir = makeTempDir('countersign-bench-')
    this.dirs.push(dir)
    return dir.path
  }

  /** The web host on a data directory with a page showing its first painted case; close it when done. */
  async openApp(dataDir: string): Promise<{ harness: WebHost; page: Page; close(): Promise<void> }> {
    const harness = await startWebHost({ dataDir, reviewer: BENCH_REVIEWER })
    const { page, close } = await this.openPage(harness, () => harness.close())
    return { harness, page, close }
  }

  /** A page on a running web host, showing its first painted case; `close` closes the page, then calls `closeHost`. */
  async openPage(host: { url: string; origin: string }, closeHost: () => Promise<void>): Promise<{ page: Page; close(): Promise<void> }> {
    const context = await this.browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    await page.goto(host.url)
    await page.waitForURL(`${host.origin}/`)
    await page.waitForSelector('[data-painted-case]')
    let closed = false
    const close = async () => {
      if (closed) return
      closed = true
      await context.close()
      await closeHost()
    }
    this.cleanups.push(close)
    return { page, close }
  }

  onCleanup(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup)
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup()
    await this.browser.close()
    for (const dir of this.dirs) dir.remove()
  }
}

export const log = (message: string) => process.stderr.write(`bench: ${message}\n`)
