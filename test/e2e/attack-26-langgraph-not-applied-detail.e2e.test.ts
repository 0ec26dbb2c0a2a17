import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { confirmOnceSeen } from './review-steps'
import { addLangGraphBackend } from './settings-steps'

// Attack 26: while the case is on screen, the agent's state is rewritten under the interrupt (the
// recipient now carries a right-to-left override). The reviewer's approval is refused as
// 'revised', and "Not applied" quotes what the graph asks now — the new arguments — as plain
// text: the RLO is live there, so the address reads reversed, where every case view, queue row
// and status bar shows such a character as a named chip.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

let driver: Driver
let server: LanggraphServer
let dir: ReturnType<typeof makeTempDir>
let threadId: string

beforeAll(async () => {
  process.env['COUNTERSIGN_UNDO_GRACE_MS'] = '300'
  dir = makeTempDir('countersign-e2e-a26-lg-detail-')
  mkdirSync(join(dir.path, 'server'))
  server = await LanggraphServer.start(join(dir.path, 'server'))
  threadId = await server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' })
  driver = await createDriver()
}, 90_000)
afterAll(async () => {
  delete process.env['COUNTERSIGN_UNDO_GRACE_MS']
  await driver?.close()
  await server?.stop()
  dir?.remove()
})

it('the arguments a refused decision quotes are shown with their hidden characters named, as in the case', async () => {
  const session = await driver.open(join(dir.path, 'app'))
  const { page } = session
  try {
    await addLangGraphBackend(page, server.url, 'inbox')
    await page.waitForSelector(`.case-view[data-case-id^="${threadId}:"] [data-seen-case]`)
    await page.waitForTimeout(400)
    // The graph's owner (or an injected step) rewrites the recipient under the pending interrupt.
    await server.call('POST', `/threads/${threadId}/state`, { values: { to: 'billing@example.com\u202Emoc.elpmaxe@yrrallam' } })
    await page.keyboard.press('a')
    await confirmOnceSeen(page, 'a')
    // No 's': the decision goes after its undo window, before any pull sees the new state.
    await page.locator('text=/not applied/i').first().waitFor({ timeout: 20_000 }).catch(() => undefined)
    await page.waitForTimeout(2_000)
    await page.keyboard.press('g')
    await page.keyboard.press('u')
    await page.getByRole('heading', { name: 'Decisions not applied' }).waitFor()
    await page.waitForTimeout(1_000)
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-not-applied-rlo.png') })
    const item = await page.locator('main').innerText()
    expect(item).toContain('It now asks: send_email')
    // The quoted arguments hold U+202E: it must be named (a chip), not live.
    const chips = await page.locator('main .hidden-char[data-label="RLO"]').count()
    expect(chips).toBeGreaterThan(0)
  } finally {
    await session.close()
  }
})
