import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { generateCases } from '../fixtures/case-generator'
import { withTeamService } from './team-service'

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

const team = withTeamService('countersign-e2e-revisions-', () => generateCases({ count: 3, seed: 41, idPrefix: 'team', baseTime: new Date() }))

it('a service that rewrites the open case without a new revision: the screen keeps what was shown, the status bar and Settings name the fault', async () => {
  const session = await team.openWithBackend()
  const { page } = session
  try {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
    const openId = (await page.locator('.case-view').getAttribute('data-case-id'))!
    const title = await page.locator('.case-title').innerText()

    team.backend.store.rewriteWithoutRevision(openId, (reviewCase) => ({ ...reviewCase, title: 'Pay 100000 EUR' }))
    await page.keyboard.press('s')
    await page.getByTestId('sync-team-cases').filter({ hasText: 'sync error' }).waitFor()
    // The status bar names the keys that show the whole error.
    await expect(page.getByTestId('sync-team-cases').innerText()).resolves.toMatch(/sync error \(g s\)/)
    expect(await page.getByTestId('sync-team-cases').getAttribute('title')).toMatch(
      new RegExp(`^Team cases broke the sync protocol: case "${openId}" \\(#\\d+\\) changed under revision 1 without a new revision`)
    )
    expect(await page.locator('.case-title').innerText()).toBe(title)
    await expect(page.locator('.case-notice').count()).resolves.toBe(0)

    await page.keyboard.press('g')
    await page.keyboard.press('s')
    await page.locator('.field-error', { hasText: `Not loaded: case "${openId}"` }).waitFor()
    await page.screenshot({ path: join(screenshots, 'settings-revision-fault.png') })
  } finally {
    await session.close()
  }
})
