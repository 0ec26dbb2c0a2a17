import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'

/**
 * One e2e suite, two drivers: the real Electron app where its binary is installed, and otherwise
 * the local web host (real services in Node, the built renderer in Debian's Chromium), entered
 * through its launch URL as a person would.
 */
export interface AppSession {
  page: Page
  dataDir: string
  close(): Promise<void>
}

export interface Driver {
  name: 'electron' | 'chromium-harness'
  open(dataDir: string): Promise<AppSession>
  close(): Promise<void>
}

const repoRoot = resolve(__dirname, '../..')
/** Debian's Chromium, or the one `CHROMIUM_PATH` names. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
export const VIEWPORT = { width: 1440, height: 900 }
/** The reviewer name web-host sessions decide as. */
const E2E_REVIEWER = 'harness-reviewer'

/** The Electron binary, if `node_modules/electron` has one (its download is blocked on CI machines). */
function electronBinary(): string | null {
  const pathFile = join(repoRoot, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(repoRoot, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

export async function createDriver(): Promise<Driver> {
  const binary = process.env['COUNTERSIGN_E2E_DRIVER'] === 'chromium' ? null : electronBinary()
  return binary ? electronDriver(binary) : chromiumHarnessDriver()
}

function electronDriver(executablePath: string): Driver {
  const apps = new Set<ElectronApplication>()
  return {
    name: 'electron',
    async open(dataDir) {
      const app = await _electron.launch({
        executablePath,
        args: [join(repoRoot, 'out/main/index.js')],
        env: { ...process.env, COUNTERSIGN_DATA_DIR: dataDir }
      })
      apps.add(app)
      const page = await app.firstWindow()
      await page.setViewportSize(VIEWPORT)
      return {
        page,
        dataDir,
        close: async () => {
          apps.delete(app)
          await app.close()
        }
      }
    },
    async close() {
      await Promise.all([...apps].map((app) => app.close()))
    }
  }
}

/** Launches Chromium once for the whole test file; each session gets its own web host and context. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

async function chromiumHarnessDriver(): Promise<Driver> {
  const browser = await launchChromium()
  const hosts = new Set<WebHost>()
  return {
    name: 'chromium-harness',
    async open(dataDir) {
      const host = await startWebHost({ dataDir, reviewer: E2E_REVIEWER })
      hosts.add(host)
      const context = await browser.newContext({ viewport: VIEWPORT })
      const page = await context.newPage()
      await page.goto(host.url)
      await page.waitForURL(`${host.origin}/`)
      return {
        page,
        dataDir,
        close: async () => {
          hosts.delete(host)
          await context.close()
          await host.close()
        }
      }
    },
    async close() {
      await Promise.all([...hosts].map((host) => host.close()))
      await browser.close()
    }
  }
}
