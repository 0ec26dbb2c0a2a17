import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LanggraphServer } from '../fixtures/langgraph-server'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { confirmOnceSeen } from './review-steps'
import { openLangGraphBackendForm, saveBackendAndSync, typeIntoNextFields } from './settings-steps'

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

let driver: Driver
let server: LanggraphServer
let dir: ReturnType<typeof makeTempDir>
let threadId: string
let agentThreadId: string

beforeAll(async () => {
  // A short undo window, so the decision is delivered within the test's patience.
  process.env['COUNTERSIGN_UNDO_GRACE_MS'] = '300'
  dir = makeTempDir('countersign-e2e-langgraph-')
  mkdirSync(join(dir.path, 'server'))
  server = await LanggraphServer.start(join(dir.path, 'server'))
  threadId = await server.interruptedThread('inbox')
  // The library-built agent calls two tools in one turn: an email (approve, edit or reject, with
  // an argument schema) and a deletion (approve or reject only).
  const toolCalls = [
    { name: 'send_email', args: { to: 'ann@example.com', subject: 'Refund', body: 'It is on its way.' } },
    { name: 'delete_record', args: { table: 'customers', id: 42 } }
  ]
  agentThreadId = await server.interruptedThread('agent', { messages: [{ role: 'user', content: JSON.stringify({ toolCalls }) }] })
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
    await openLangGraphBackendForm(page)
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
    // The graph declares no risk for the tool call: the case says so, and letting it run is confirmed.
    await expect(page.locator('.case-view .badge-undeclared').innerText()).resolves.toBe('Risk not declared')
    await expect(page.locator('.queue-row.selected .badge-undeclared').innerText()).resolves.toBe('Undeclared')
    await page.keyboard.press('a')
    await expect(page.locator('.confirm-strip').innerText()).resolves.toMatch(/^Nobody declared whether this action can be undone/)
    await confirmOnceSeen(page, 'a')
    await page.locator('.status-saved', { hasText: 'delivered to backend Agents' }).waitFor()

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

it('answers an agent’s two tool calls by keyboard: a schema-breaking edit is refused by field, the fixed edit and the deletion run', async () => {
  const session = await driver.open(join(dir.path, 'app-agent'))
  const { page } = session
  try {
    await openLangGraphBackendForm(page)
    await typeIntoNextFields(page, ['Agents', null, server.url, 'agent'])
    await saveBackendAndSync(page, 'agents')
    await page.keyboard.press('g')
    await page.keyboard.press('r')

    // The deletion allows approve or reject only: no edit is offered.
    await page.waitForSelector(`.case-view[data-case-id^="${agentThreadId}:"]`)
    await page.waitForSelector('[data-painted-case]')
    const shown = async () => page.locator('.case-view').getAttribute('data-case-id')
    if ((await shown())!.endsWith('#2')) {
      await expect(page.locator('.options-bar').innerText()).resolves.not.toMatch(/Edit/)
      await page.keyboard.press('k')
    }
    await page.waitForSelector(`.case-view[data-case-id$="#1"] [data-seen-case]`)
    await expect(page.locator('.options-bar').innerText()).resolves.toMatch(/Accept as proposed.*Edit the arguments.*Reject with a reason/s)

    // Line 2 is `  "to": "ann@example.com",`: an address the schema's `format: email` refuses.
    const toLineEnd = async () => {
      await page.keyboard.press('e')
      await page.keyboard.press('Control+Home')
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('End')
      await page.keyboard.press('ArrowLeft')
      await page.keyboard.press('ArrowLeft')
    }
    await toLineEnd()
    await page.keyboard.type('!')
    await page.keyboard.press('Escape')
    // Refused at the first press, by field: no confirmation is asked for an answer that would not be recorded.
    await page.keyboard.press('a')
    await page.locator('.status-error', { hasText: 'Nothing recorded: to: Invalid email address' }).waitFor()
    await expect(page.locator('.confirm-strip').count()).resolves.toBe(0)
    await page.screenshot({ path: join(screenshots, 'langgraph-agent-schema-refused.png') })

    // Fix it, and edit the subject on line 3 instead.
    await page.keyboard.press('Escape')
    await toLineEnd()
    await page.keyboard.press('Backspace')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.type(' approved')
    await page.keyboard.press('Escape')
    await page.keyboard.press('a')
    await confirmOnceSeen(page, 'a')
    await page.waitForSelector(`.case-view[data-case-id$="#2"] [data-seen-case]`)
    await expect(page.locator('.options-bar').innerText()).resolves.not.toMatch(/Edit/)
    // A call that cannot be edited is not offered e, in its own hints or the status bar's.
    await expect(page.locator('.diff-keys').innerText()).resolves.not.toMatch(/\bedit\b/)
    await expect(page.locator('.key-hints').innerText()).resolves.not.toMatch(/\bedit\b/)
    // The conversation so far wraps in the briefing (its one-line tool calls ran off to a sideways scroll).
    const briefing = page.locator('.briefing')
    await expect(briefing.locator('pre').innerText()).resolves.toContain('calls delete_record')
    await expect(briefing.evaluate((element) => element.scrollWidth - element.clientWidth)).resolves.toBe(0)
    await page.screenshot({ path: join(screenshots, 'langgraph-agent-second-call.png') })
    await page.keyboard.press('a')
    await confirmOnceSeen(page, 'a')
    await page.locator('.status-saved', { hasText: 'delivered to backend Agents' }).waitFor()

    // The first answer's delivery may be what the status bar still shows: wait for the resume that both answers make.
    await expect.poll(async () => (await server.settledThread(agentThreadId)).status, { timeout: 20_000 }).toBe('idle')
    const finished = await server.settledThread(agentThreadId)
    const tools = (finished.values['messages'] as { type: string; name?: string; content: string }[]).filter((message) => message.type === 'tool')
    expect(tools.map((message) => [message.name, message.content])).toEqual([
      ['send_email', 'Sent "Refund approved" to ann@example.com: It is on its way.'],
      ['delete_record', 'Deleted customers/42.']
    ])
  } finally {
    await session.close()
  }
})
