import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FaultProxy, isResume, type FaultPlan, type ProxiedRequest } from '../fixtures/attack-26-fault-proxy'
import { LanggraphServer, pendingInterrupts } from '../fixtures/langgraph-server'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { confirmOnceSeen } from './review-steps'
import { addLangGraphBackend } from './settings-steps'

// Attack 26, seen by the reviewer: the LangGraph server's gateway answers the resume with a 502;
// before the retry, a colleague answers the same request in another inbox ("ignore"). The app's
// signed marker stayed on the thread, so the retry reads the interrupt as answered by itself: the
// status bar says the approval was delivered, "Not applied" is empty, and the graph ignored the email.
// Second: a thread deleted under the case on screen — the notice does not say why the case left.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

let driver: Driver
let server: LanggraphServer
let proxy: FaultProxy
let dir: ReturnType<typeof makeTempDir>
let threadId: string
let deletedThreadId: string

beforeAll(async () => {
  process.env['COUNTERSIGN_UNDO_GRACE_MS'] = '300'
  dir = makeTempDir('countersign-e2e-a26-lg-')
  mkdirSync(join(dir.path, 'server'))
  server = await LanggraphServer.start(join(dir.path, 'server'))
  threadId = await server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' })
  deletedThreadId = await server.interruptedThread('inbox', { to: 'bob@example.com', subject: 'Refund two' })
  proxy = await FaultProxy.start(server.url)
  driver = await createDriver()
}, 90_000)
afterAll(async () => {
  delete process.env['COUNTERSIGN_UNDO_GRACE_MS']
  await driver?.close()
  await proxy?.close()
  await server?.stop()
  dir?.remove()
})

it('a resume refused by a 502, then the request answered by a colleague: the reviewer is not told the approval was delivered', async () => {
  let colleagueAnswered = false
  let refused = 0
  proxy.plan = (request: ProxiedRequest): FaultPlan => {
    if (isResume(request) && request.path.includes(threadId) && !colleagueAnswered) {
      refused++
      return { kind: 'answer', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } }
    }
    return { kind: 'forward' }
  }
  const session = await driver.open(join(dir.path, 'app'))
  const { page } = session
  try {
    await addLangGraphBackend(page, proxy.url, 'inbox')
    await page.waitForSelector('.case-view[data-case-id]')
    // Open the Refund thread's case.
    for (let i = 0; i < 3 && !(await page.locator('.case-view').getAttribute('data-case-id'))!.startsWith(`${threadId}:`); i++) {
      await page.keyboard.press('j')
      await page.waitForTimeout(300)
    }
    await page.waitForSelector(`.case-view[data-case-id^="${threadId}:"] [data-seen-case]`)
    await page.waitForTimeout(400)
    await page.keyboard.press('a')
    await confirmOnceSeen(page, 'a')
    await page.waitForFunction(() => /Accepted|Approved|saved|not delivered|502|failed/i.test(document.querySelector('.status-bar, [role=status]')?.textContent ?? ''), null, { timeout: 15_000 }).catch(() => undefined)
    await expect.poll(() => refused, { timeout: 45_000 }).toBeGreaterThan(0)
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-resume-502.png') })

    // A colleague answers the same request in Agent Inbox: ignore the email.
    const [interrupt] = pendingInterrupts(await server.thread(threadId))
    await server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', command: { resume: { [interrupt!.id]: [{ type: 'ignore', args: null }] } } })
    colleagueAnswered = true
    const finished = await server.settledThread(threadId)
    expect(finished.values.done).toEqual(['ignored'])

    await page.keyboard.press('s')
    await page.waitForTimeout(3_000)
    const statusText = await page.locator('body').innerText()
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-after-colleague.png') })
    await page.keyboard.press('g')
    await page.keyboard.press('u')
    await page.waitForTimeout(800)
    const notApplied = await page.locator('main, body').first().innerText()
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-not-applied.png') })
    console.log('a26 e2e status:', statusText.split('\n').filter((line) => /deliver|saved|Agents|applied/i.test(line)).join(' | '))
    console.log('a26 e2e not applied:', notApplied.slice(0, 600).replace(/\n/g, ' | '))
    // The graph ran on the colleague's answer: the approval must not read as delivered.
    expect(statusText).not.toMatch(/delivered to backend Agents/)
    expect(notApplied).toMatch(/answered elsewhere|already decided|not applied/i)
    expect(notApplied).toContain('send_email')
  } finally {
    await session.close()
  }
}, 120_000)

it('the thread deleted while its case is on screen: after a sync the notice says it was withdrawn, and a decision key takes no decision', async () => {
  proxy.plan = () => ({ kind: 'forward' })
  const session = await driver.open(join(dir.path, 'app-deleted'))
  const { page } = session
  try {
    await addLangGraphBackend(page, proxy.url, 'inbox')
    await page.waitForSelector('.case-view[data-case-id]')
    for (let i = 0; i < 3 && !(await page.locator('.case-view').getAttribute('data-case-id'))!.startsWith(`${deletedThreadId}:`); i++) {
      await page.keyboard.press('j')
      await page.waitForTimeout(300)
    }
    await page.waitForSelector(`.case-view[data-case-id^="${deletedThreadId}:"] [data-seen-case]`)
    const deleted = await fetch(`${server.url}/threads/${deletedThreadId}`, { method: 'DELETE' })
    expect(deleted.status).toBeLessThan(300)
    await page.keyboard.press('s')
    await page.waitForTimeout(2_500)
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-deleted-on-screen.png') })
    const notice = await page.locator('.case-view').innerText()
    await page.keyboard.press('a')
    await page.waitForTimeout(1_500)
    const after = await page.locator('body').innerText()
    await page.screenshot({ path: join(screenshots, 'attack-26-lg-deleted-then-a.png') })
    // Holds: no decision is taken on it.
    expect(after).not.toMatch(/delivered to backend Agents|— saved/)
    expect(after).toMatch(/Not decided/)
    // The notice says why, in the adapter's words (it once read "Agents withdrawn this case", and no why).
    const noticeLine = notice.split('\n').find((line) => /no longer needs your decision/.test(line)) ?? ''
    expect(noticeLine).toMatch(/^Agents withdrew this case \(The thread was deleted\); it no longer needs your decision\.$/)
  } finally {
    await session.close()
  }
})
