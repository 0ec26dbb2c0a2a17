import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { openAddBackendForm, saveBackendAndSync, typeIntoNextFields } from './settings-steps'

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

let driver: Driver
let server: LanggraphServer
let dir: ReturnType<typeof makeTempDir>
let threadId: string

beforeAll(async () => {
  // A short undo window, so the decision is delivered within the test's patience.
  process.env['COUNTERSIGN_UNDO_GRACE_MS'] = '300'
  dir = makeTempDir('countersign-e2e-langgraph-')
  mkdirSync(join(dir.path, 'server'))
  server = await LanggraphServer.start(join(dir.path, 'server'))
  threadId = await server.interruptedThread('inbox')
  driver = await createDriver()
}, 90_000)
afterAll(async () => {
  delete process.env['COUNTERSIGN_UNDO_GRACE_MS']
  await driver?.close()
  await server?.stop()
  dir?.remove()
})

it('configures a LangGraph server by keyboard, edits the action’s arguments, approves, and the thread completes with them', async () => {
  const session = await driver.open(join(dir.path, 'app'))
  const { page } = session
  try {
    await openAddBackendForm(page)
    // Kind: one down from "Review API service". Then Name, Id, URL, graph id.
    await page.keyboard.press('ArrowDown')
    await page.getByLabel('LangGraph server URL').waitFor()
    await typeIntoNextFields(page, ['Agents', null, server.url, 'inbox'])
    await page.screenshot({ path: join(screenshots, 'settings-add-langgraph.png') })
    await saveBackendAndSync(page, 'agents')

    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector(`.case-view[data-case-id^="${threadId}:"]`)
    await page.waitForSelector('[data-seen-case]')
    // The agent's markdown is rendered as text: its heading is a heading, its script and link are inert.
    await expect(page.locator('.briefing h2').innerText()).resolves.toBe('Send this email?')
    expect(await page.locator('.briefing script, .briefing a, .briefing img').count()).toBe(0)
    await expect(page.locator('.options-bar').innerText()).resolves.toMatch(/Accept as proposed.*Edit the arguments.*Answer the agent.*Ignore the request/s)

    // Edit the subject in the arguments: line 3 is `  "subject": "Refund",`.
    await page.keyboard.press('e')
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.type(' approved')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.edited')
    await page.screenshot({ path: join(screenshots, 'langgraph-case-edited.png') })
    await page.keyboard.press('a')
    await page.locator('.status-saved', { hasText: 'delivered to Agents' }).waitFor()

    const finished = await server.settledThread(threadId)
    expect(finished.status).toBe('idle')
    expect(finished.values.answers).toEqual([
      { type: 'edit', args: { action: 'send_email', args: { to: 'ann@example.com', subject: 'Refund approved', body: 'Hello ann@example.com,\n\nYour refund was approved.' } } }
    ])
    expect(finished.values.done).toEqual(['sent edited: {"to":"ann@example.com","subject":"Refund approved","body":"Hello ann@example.com,\\n\\nYour refund was approved."}'])
  } finally {
    await session.close()
  }
})
