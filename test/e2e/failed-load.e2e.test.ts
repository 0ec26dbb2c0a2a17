import { join } from 'node:path'
import { expect, it } from 'vitest'
import { spawnWebHost } from './web-host-process'
import { openWebHostSession } from './web-host-session'

// A load that fails is shown to the reviewer, in the status bar, with what was being done and why:
// here the host process ends under an open page (as when its terminal is closed), and the reviewer
// then opens Insights by keyboard.

const screenshots = join(__dirname, '../../test-results')
const web = openWebHostSession('countersign-e2e-failed-load-', { start: (dataDir) => spawnWebHost(dataDir) })

it('shows a failed load in the status bar, saying what failed and why, until Esc', async () => {
  await expect(web.page.locator('.status-error').count()).resolves.toBe(0)
  await web.host.stop()

  await web.page.keyboard.press('g')
  await web.page.keyboard.press('i')
  const shown = web.page.locator('.status-bar .status-error')
  await shown.waitFor()
  await expect(shown.innerText()).resolves.toBe('Could not load the insights: The connection to the Countersign host closed; reload the page. Esc')
  await expect(shown.getAttribute('role')).resolves.toBe('alert')
  // The screen itself says the load failed, and which key tries again.
  await expect(web.page.locator('main .load-failure').innerText()).resolves.toBe(
    'Could not load the insights: The connection to the Countersign host closed; reload the page. r try again'
  )
  await expect(web.page.getByText('Computing insights…').count()).resolves.toBe(0)
  await web.page.screenshot({ path: join(screenshots, 'failed-load.png') })

  await web.page.keyboard.press('Escape')
  await shown.waitFor({ state: 'detached' })
  await web.page.keyboard.press('r')
  await shown.waitFor()
})
