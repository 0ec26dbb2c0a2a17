import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateCases } from '../fixtures/case-generator'
import { confirmOnceSeen } from './review-steps'
import { withTeamService } from './team-service'
import { LOOK_MS } from './os-keys'
import { BRIDGE_GLOBAL } from '../../shared/ipc/channels'

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

beforeAll(() => {
  // A short undo window, so decisions are delivered within the test's patience.
  process.env['COUNTERSIGN_UNDO_GRACE_MS'] = '300'
})
afterAll(() => {
  delete process.env['COUNTERSIGN_UNDO_GRACE_MS']
})
const team = withTeamService('countersign-e2e-sync-', () => generateCases({ count: 12, seed: 31, idPrefix: 'team', baseTime: new Date() }))

it('configures a review-api backend from Settings by keyboard, syncs, decides, and sees it delivered', async () => {
  const session = await team.openWithBackend((page) => page.screenshot({ path: join(screenshots, 'settings-add-backend.png') }))
  const { page } = session
  try {
    await page.screenshot({ path: join(screenshots, 'settings-backends.png') })

    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
    await page.getByTestId('pending-count').filter({ hasText: /^12 pending$/ }).waitFor()
    const title = await page.locator('.case-title').innerText()
    await page.keyboard.press('a')
    // Irreversible and customer-facing: the same key once more confirms.
    await page.getByRole('alert').filter({ hasText: 'again to confirm' }).waitFor()
    await confirmOnceSeen(page, 'a')
    await page.locator('.status-saved', { hasText: 'delivered to backend Team cases' }).waitFor()
    await page.screenshot({ path: join(screenshots, 'review-delivered.png') })

    const [decision] = team.backend.store.decisions()
    expect(decision!.result.status).toBe('accepted')
    expect(team.backend.store.getCase(decision!.caseId)!.case.title).toBe(title)

    // The service revises the case the reviewer is editing: the screen says so, the edit stays.
    const kinds = await page.locator('.queue-row .kind-chip').allInnerTexts()
    for (let step = 0; step < kinds.indexOf('Text approval'); step++) await page.keyboard.press('j')
    await page.waitForSelector('.case-header .kind-chip:text("Text approval")')
    await page.waitForSelector('[data-seen-case]')
    const openId = await page.locator('.case-view').getAttribute('data-case-id')
    await page.keyboard.press('e')
    await page.keyboard.press('Control+Home')
    await page.keyboard.type('Dear customer,\n')
    await page.keyboard.press('Escape')
    team.backend.store.revise(openId!, (c) => ({ ...c, decisionNeeded: `${c.decisionNeeded} (Updated by the service.)` }))
    await page.keyboard.press('s')
    await page.locator('.case-notice', { hasText: 'updated this case while you had it open (now revision 2). Your edits are kept: it changed nothing you had edited.' }).waitFor()
    await page.locator('.decision-needed', { hasText: '(Updated by the service.)' }).waitFor()
    await page.waitForSelector('.edited')
    // Monaco renders spaces as no-break spaces.
    const shown = (await page.locator('.diff-slot.front .modified-in-monaco-diff-editor').innerText()).replace(/\u00a0/g, ' ')
    expect(shown).toContain('Dear customer,')
    await page.screenshot({ path: join(screenshots, 'case-revised-while-open.png') })

    // The service revises the next case, which the screen already holds (prefetched, and laid
    // out in the back diff editor): its fresh copy is fetched and laid out as the sync brings
    // the change, before the reviewer presses j, not by the press.
    await page.keyboard.press('j')
    await page.waitForSelector('[data-seen-case]')
    const nextId = (await page.locator('.case-view').getAttribute('data-case-id'))!
    await page.keyboard.press('k')
    await page.waitForSelector(`.case-view[data-case-id="${openId}"] [data-seen-case]`)
    const backSlot = page.locator('.diff-slot:not(.front)')
    await backSlot.filter({ hasText: 'Revised in the service' }).waitFor({ state: 'detached' })
    team.backend.store.revise(nextId, (c) => ({ ...c, source: { ...c.source, text: `Revised in the service. ${c.source.text}` } }))
    await page.keyboard.press('s')
    await backSlot.filter({ hasText: 'Revised in the service.' }).waitFor({ state: 'attached' })
    expect(await page.locator('.case-view').getAttribute('data-case-id')).toBe(openId)

    // The service withdraws the case before the reviewer's rejection reaches it: the status bar
    // says it was not applied, with no success mark, and where to deal with it.
    team.backend.store.withdraw(openId!)
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('r')
    await page.getByRole('dialog').filter({ hasText: 'Reject because…' }).waitFor()
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('1')
    const lastDecision = page.getByTestId('last-decision')
    await lastDecision.filter({ hasText: 'not applied by backend Team cases' }).waitFor()
    await expect(lastDecision.innerText().then((text) => text.replace(/\s+/g, ' '))).resolves.toMatch(/^⚠ Rejected “.+” — not applied by backend Team cases \(g u\)$/)
    await expect(lastDecision.getAttribute('class')).resolves.toContain('status-error')
    await page.screenshot({ path: join(screenshots, 'review-not-applied.png') })
    // The token reached the server, and only as a bearer header.
    expect(team.backend.requests.every((request) => request.authorization === `Bearer ${team.token}`)).toBe(true)
  } finally {
    await session.close()
  }
})

it('a draft meets a new revision of its own text: merged where the service changed other lines, set aside where it changed the same ones; a records what the screen shows', async () => {
  const session = await team.openWithBackend()
  const { page } = session
  const proposalShown = async () => (await page.locator('.diff-slot.front .modified-in-monaco-diff-editor').innerText()).replace(/\u00a0/g, ' ')
  try {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
    const kinds = await page.locator('.queue-row .kind-chip').allInnerTexts()
    for (let step = 0; step < kinds.indexOf('Text approval'); step++) await page.keyboard.press('j')
    await page.waitForSelector('.case-header .kind-chip:text("Text approval")')
    await page.waitForSelector('[data-seen-case]')
    const openId = (await page.locator('.case-view').getAttribute('data-case-id'))!
    const revision = team.backend.store.getCase(openId)!.revision
    await page.keyboard.press('e')
    // While keys type into the proposal, its title says so, and how to leave.
    await expect(page.locator('.diff-titles .editing').innerText()).resolves.toBe(' · editing: keys type here, Esc leaves')
    await page.keyboard.press('Control+Home')
    await page.keyboard.type('Dear customer,\n')

    // Another line of the draft (after the greeting the reviewer wrote above), synced while the
    // reviewer types (a sync of its own, not a key: keys type into the proposal): both stand, and
    // the next key lands where the cursor was, not at the top.
    team.backend.store.revise(openId, (c) => (c.kind === 'text-approval' ? { ...c, proposal: { ...c.proposal, text: c.proposal.text.replace('\n', '\nBACKEND LINE.\n') } } : c))
    await page.evaluate((global) => (window as unknown as Record<string, { syncNow(): Promise<unknown> }>)[global]!.syncNow(), BRIDGE_GLOBAL)
    await page.locator('.case-notice', { hasText: /\(now revision \d+\)\. Your edits are carried over onto its changes: check them before you decide\.$/ }).waitFor()
    await page.keyboard.type('X')
    await page.keyboard.press('Escape')
    await page.locator('.diff-titles .editing').waitFor({ state: 'detached' })
    await expect(proposalShown()).resolves.toMatch(/^Dear customer,\nXHi [^\n]+\nBACKEND LINE\.\n/)

    // The line the reviewer wrote before: the service's version stands, the reviewer's is shown apart.
    team.backend.store.revise(openId, (c) => (c.kind === 'text-approval' ? { ...c, proposal: { ...c.proposal, text: `Hello from the service,\n${c.proposal.text}` } } : c))
    await page.keyboard.press('s')
    await page.locator('.case-notice', { hasText: /\(now revision \d+\)\. It changed what you had edited: your edits to the draft are set aside, not applied; they are below\.$/ }).waitFor()
    await expect(page.locator('.set-aside').innerText()).resolves.toMatch(/^Your draft, not applied\nDear customer,\nXHi [^\n]+\nBACKEND LINE\.\n/)
    await expect(proposalShown()).resolves.toMatch(/^Hello from the service,\n(?![\s\S]*Dear customer)/)
    await expect(page.locator('.edited').count()).resolves.toBe(0)
    await page.screenshot({ path: join(screenshots, 'draft-set-aside.png') })

    // a approves revision 3 as the service sent it: no edit of the reviewer's, none of the service's lost.
    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('a')
    await page.getByRole('alert').filter({ hasText: 'again to confirm' }).waitFor()
    await confirmOnceSeen(page, 'a')
    await page.locator('.status-saved', { hasText: 'delivered to backend Team cases' }).waitFor()
    const decided = team.backend.store.decisions().find((decision) => decision.caseId === openId)!
    expect([decided.envelope.caseRevision, decided.envelope.record['edits']]).toEqual([revision + 2, []])
  } finally {
    await session.close()
  }
})
