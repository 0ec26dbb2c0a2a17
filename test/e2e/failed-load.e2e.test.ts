import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'
import { spawnWebHost, type WebHostProcess } from './web-host-process'

// A load that fails is shown to the reviewer, in the status bar, with what was being done and why:
// here the host process ends under an open page (as when its terminal is closed), and the reviewer
// then opens Insights by keyboard.

const screenshots = join(__dirname, '../../test-results')
const dir = makeTempDir('countersign-e2e-failed-load-')
let host: WebHostProcess
let browser: Browser
let page: Page

beforeAll(async () => {
  host = await spawnWebHost(dir.path)
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await page.goto(host.url)
  await page.waitForSelector('[data-painted-case]')
})

afterAll(async () => {
  await browser?.close()
  await host?.stop()
  dir.remove()
})

it('shows a failed load in the status bar, saying what failed and why, until Esc', async () => {
  await expect(page.locator('.status-error').count()).resolves.toBe(0)
  await host.stop()

  await page.keyboard.press('g')
  await page.keyboard.press('i')
  const shown = page.locator('.status-bar .status-error')
  await shown.waitFor()
  await expect(shown.innerText()).resolves.toBe('Could not load the insights: The connection to the Countersign host closed; reload the page. Esc')
  await expect(shown.getAttribute('role')).resolves.toBe('alert')
  // The screen itself says the load failed, and which key tries again.
  await expect(page.locator('main .load-failure').innerText()).resolves.toBe(
    'Could not load the insights: The connection to the Countersign host closed; reload the page. r try again'
  )
  await expect(page.getByText('Computing insights…').count()).resolves.toBe(0)
  await page.screenshot({ path: join(screenshots, 'failed-load.png') })

  await page.keyboard.press('Escape')
  await shown.waitFor({ state: 'detached' })
  await page.keyboard.press('r')
  await shown.waitFor()
})
