import { afterAll, beforeAll } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'

/** A web host, in this process (`startWebHost`) or in its own (`spawnWebHost`): where to go, and how to stop it. */
type Host = { url: string; origin: string } & ({ stop(): Promise<void> } | { close(): Promise<void> })

export interface WebHostSession<H extends Host> {
  /** The file's own temporary folder: the host's data directory. */
  readonly dir: string
  readonly host: H
  readonly browser: Browser
  readonly context: BrowserContext
  /** The page the reviewer uses, in `context` (viewport VIEWPORT). */
  readonly page: Page
}

export interface WebHostSessionOptions<H extends Host> {
  /** Starts the host on its data directory. */
  start(dataDir: string): Promise<H>
  /** Run in every page of the context before its own scripts (Playwright's `addInitScript`). */
  initScript?: () => void
  /** Whether the page enters the launch URL and waits for the first painted case before the tests; true unless false. */
  enter?: boolean
}

/**
 * A test file's web host and the Chromium page a reviewer uses on it, on a temporary folder named
 * from `prefix`: registers the vitest hooks that, before the file's tests, start the host, launch
 * Chromium, open a context and its page (and, unless `enter` is false, go to the launch URL and
 * wait for the first painted case), and after them close Chromium, stop the host (again, if a test
 * stopped it) and remove the folder. Read its members inside tests and hooks.
 */
export function openWebHostSession<H extends Host>(prefix: string, options: WebHostSessionOptions<H>): WebHostSession<H> {
  const dir = makeTempDir(prefix)
  let opened: Omit<WebHostSession<H>, 'dir'> | undefined
  let host: H | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    host = await options.start(dir.path)
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: VIEWPORT })
    if (options.initScript) await context.addInitScript(options.initScript)
    const page = await context.newPage()
    if (options.enter !== false) {
      await page.goto(host.url)
      await page.waitForSelector('[data-painted-case]')
    }
    opened = { host, browser, context, page }
  })
  afterAll(async () => {
    await browser?.close()
    if (host) await ('stop' in host ? host.stop() : host.close())
    dir.remove()
  })
  const session = () => {
    if (!opened) throw new Error('openWebHostSession: the session opens in beforeAll; use it inside tests and hooks')
    return opened
  }
  return {
    dir: dir.path,
    get host() {
      return session().host
    },
    get browser() {
      return session().browser
    },
    get context() {
      return session().context
    },
    get page() {
      return session().page
    }
  }
}
