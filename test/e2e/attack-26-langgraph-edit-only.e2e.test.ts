import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { addLangGraphBackend } from './settings-steps'

// Attack 26, seen by the reviewer: an agent whose payment tool may only be edited or rejected
// (langchain's humanInTheLoopMiddleware, `allowedDecisions: ['edit', 'reject']`). The reviewer
// opens the editor, leaves a stray space after the opening brace, and accepts. The edit changes
// no argument, so Countersign answers "approve" — which that tool does not allow: the agent's run
// fails and the thread is left in error, while the status bar says the decision was delivered.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

let driver: Driver
let server: LanggraphServer
let dir: ReturnType<typeof makeTempDir>
let threadId: string

beforeAll(async () => {
  process.env['COUNTERSIGN_UNDO_GRACE_MS'] = '300'
  dir = makeTempDir('countersign-e2e-a26-lg-editonly-')
  mkdirSync(join(dir.path, 'server'))
  server = await LanggraphServer.start(join(dir.path, 'server'))
  threadId = await server.interruptedThread('editonly', { messages: [{ role: 'user', content: JSON.stringify({ toolCalls: [{ name: 'pay_vendor', args: { vendor: 'Acme', amount: 1200 } }] }) }] })
  driver = await createDriver()
}, 90_000)
afterAll(async () => {
  delete process.env['COUNTERSIGN_UNDO_GRACE_MS']
  await driver?.close()
  await server?.stop()
  dir?.remove()
})

it('a stray space typed into an edit-only call’s arguments, then accepted: the agent does not fail while the reviewer is told it was delivered', async () => {
  const session = await driver.open(join(dir.path, 'app'))
  const { page } = session
  try {
    await addLangGraphBackend(page, server.url, 'editonly')
    await page.waitForSelector(`.case-view[data-case-id^="${threadId}:"] [data-seen-case]`)
    await expect(page.locator('.options-bar').innerText()).resolves.toMatch(/Edit the arguments.*Reject with a reason/s)
    // Accepting as proposed is not an answer this tool takes: refused on the key, nothing signed.
    await page.keyboard.press('a')
    await page.getByText('Nothing recorded: This request takes no plain acceptance: edit the proposal first (e), then a.', { exact: false }).waitFor()
    await expect(page.locator(`.case-view[data-case-id^="${threadId}:"]`).count()).resolves.toBe(1)
    await page.waitForTimeout(400)
    await page.keyboard.press('e')
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('End')
    await page.keyboard.type(' ')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(400)
    await page.keyboard.press('a')
    await page.waitForTimeout(400)
    // An irreversible-looking tool may ask for the key again; answer it if so.
    if (/again/i.test(await page.locator('body').innerText())) {
      await page.waitForTimeout(400)
      await page.keyboard.press('a')
    }
    await page.locator('text=/delivered to backend Agents|not applied by backend/').first().waitFor({ timeout: 20_000 })
    const thread = await server.settledThread(threadId)
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-edit-only-delivered.png') })
    const bar = await page.locator('body').innerText()
    expect({ thread: thread.status, toldDelivered: /delivered to backend Agents/.test(bar) }).not.toEqual({ thread: 'error', toldDelivered: true })
    // Seen on the way: with the queue empty ("Nothing pending here"), the decided case's diff stays
    // on screen, without its header — the edited arguments of a case no longer shown.
    await page.waitForTimeout(2_000)
    const empty = await page.getByText('Nothing pending here').isVisible()
    // The editors stay laid out underneath (Monaco's own visibility: visible), drawing nothing.
    const editorOpacity = await page.locator('.diff-slot.front').evaluate((slot) => getComputedStyle(slot).opacity)
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-empty-queue-leftover-diff.png') })
    expect({ empty, editorOpacity }).toEqual({ empty: true, editorOpacity: '0' })
  } finally {
    await session.close()
  }
})
