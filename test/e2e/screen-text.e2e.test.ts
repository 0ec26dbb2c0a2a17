import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, VIEWPORT, type AppSession, type Driver } from './driver'
import { openCaseByTitle, openFirstOfKind } from './review-steps'
import { LOOK_MS } from './os-keys'

// What the screens say, read as a newcomer reads them, on the demo workspace and by keyboard:
// empty insight charts, counts in words, the reject note's way out, the header and the status bar
// agreeing, a reroute counted as decided, and the cheat sheet's key names; then what a newcomer
// found: counts that say what they count, due-soon counts that cannot be read as minutes, no stale
// refusal over the next dialog, the palette's matching, and nothing cut off on a laptop screen.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const dir = makeTempDir('countersign-e2e-screen-text-')
let driver: Driver
let session: AppSession
let page: Page

beforeAll(async () => {
  driver = await createDriver()
  session = await driver.open(dir.path)
  page = session.page
  await page.waitForSelector('[data-seen-case]')
})
afterAll(async () => {
  await session?.close()
  await driver?.close()
  dir.remove()
})

const strong = (testId: string) => page.getByTestId(testId).locator('strong').first().innerText()

describe('the screens’ words', () => {
  it('insights with no decisions yet: each chart says so instead of drawing empty axes; the autonomy sentence names its number', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('i')
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor()
    await expect(page.locator('.insights-screen > p.muted').first().innerText()).resolves.toBe('No decisions recorded on this device yet: the charts fill in as you decide.')
    const decisions = page.locator('[data-chart-id="decisions-over-time"]')
    await expect(decisions.locator('.chart-empty').innerText()).resolves.toBe('No decisions recorded on this device yet.')
    await expect(decisions.locator('canvas').count()).resolves.toBe(0)
    // The empty state stands alone: no "0 decisions over 0 days" above it.
    await expect(decisions.locator('p.muted').count()).resolves.toBe(0)
    // The demo's pending cases do fill the queue-age chart.
    await expect(page.locator('[data-chart-id="queue-age"] canvas').count()).resolves.toBe(1)
    await expect(page.getByText(/^Rules whose last 50 cases or more were all approved as proposed/).count()).resolves.toBe(1)
    await page.screenshot({ path: join(screenshots, 'insights-empty.png'), fullPage: true })
  })

  it('the reject note says how to leave it; Esc there cancels and records nothing', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('r')
    const picker = page.getByRole('dialog').filter({ hasText: 'Reject because…' })
    await picker.waitFor()
    await expect(picker.locator('p.muted').innerText()).resolves.toBe('A number decides · type or Tab to add a note · Esc cancel')
    // Where the note goes: the demo has no backend, so nowhere but the audit trail.
    await expect(picker.locator('.picker-field').innerText()).resolves.toMatch(/^Note \(optional\), kept with the decision in the audit trail\s*$/)
    await page.keyboard.press('Tab')
    await page.keyboard.type('Wrong customer')
    await expect(picker.locator('p.muted').innerText()).resolves.toBe('Enter back to the choices, then a number decides · Esc cancel, nothing is recorded')
    await page.screenshot({ path: join(screenshots, 'reject-note.png') })
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'detached' })
    expect(readDecisionRows(session.dataDir)).toEqual([])
  })

  it('a reroute counts as decided, and the queue header’s pending count is the status bar’s', async () => {
    const pendingBefore = Number(await strong('pending-count'))
    await expect(strong('queue-header')).resolves.toBe(String(pendingBefore))
    await page.keyboard.press('o')
    await page.getByRole('dialog').filter({ hasText: 'Send it to…' }).waitFor()
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('1')
    await page.getByTestId('decided-count').filter({ hasText: /^1 case decided$/ }).waitFor()
    await expect(strong('pending-count')).resolves.toBe(String(pendingBefore - 1))
    await expect(strong('queue-header')).resolves.toBe(String(pendingBefore - 1))
    expect(readDecisionRows(session.dataDir).map((row) => row.record.outcome)).toEqual(['reroute'])
    await page.screenshot({ path: join(screenshots, 'reroute-counted.png') })
  })

  it('insights after one decision say “1 decision”', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('i')
    const decisions = page.locator('[data-chart-id="decisions-over-time"]')
    await decisions.locator('canvas').waitFor()
    await expect(decisions.locator('p.muted').innerText()).resolves.toBe('1 decision over 1 day.')
    await expect(page.locator('.insights-screen > p.muted').first().innerText()).resolves.toMatch(/^1 decision, deferrals and questions included; the status bar counts 1 case decided · a case decided a median \d+ s \(90th percentile \d+ s\) after it was first shown · 0% changed the proposal$/)
    await page.screenshot({ path: join(screenshots, 'insights-one-decision.png'), fullPage: true })
  })

  it('the cheat sheet names keys as the keyboard does', async () => {
    await page.keyboard.press('?')
    const sheet = page.locator('.cheat-sheet')
    await sheet.waitFor()
    await expect(sheet.locator('[data-command-id="app.palette"] kbd').innerText()).resolves.toBe('Ctrl+K')
    await expect(sheet.locator('[data-command-id="merge.nextField"] kbd').innerText()).resolves.toBe('↓')
    await expect(sheet.locator('[data-command-id="insights.reload"] kbd').innerText()).resolves.toBe('r')
    await expect(sheet.innerText()).resolves.not.toMatch(/Mod\+k|ArrowDown/)
    // Commands of other screens are greyed, and the sheet says what grey means.
    await expect(sheet.locator('.elsewhere dd').count()).resolves.toBeGreaterThan(0)
    await expect(sheet.locator('.cheat-legend').innerText()).resolves.toBe('greyed: works on another screen')
    await page.screenshot({ path: join(screenshots, 'cheat-sheet-keys.png') })
    await page.keyboard.press('Escape')
  })
})

/** The status bar's message (an error or a refusal), or '' when there is none. */
const statusError = () => page.locator('.status-bar .status-error').allInnerTexts().then((texts) => texts.join(' '))

describe('what a newcomer found', () => {
  it('a short risk badge says what it means on hover and to a screen reader', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    const access = page.locator('.queue-row .badge-access').first()
    await expect(access.innerText()).resolves.toBe('Access')
    await expect(access.getAttribute('title')).resolves.toMatch(/^Access: the action grants, changes or removes someone’s access/)
    await expect(page.locator('.queue-row .badge-irreversible').first().getAttribute('title')).resolves.toMatch(/cannot be undone/)
  })

  it('a refusal of an early key leaves the status bar once the next press opens its picker', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('j')
    await page.keyboard.press('r')
    await expect(page.locator('.status-bar .status-error').innerText()).resolves.toMatch(/^Not decided: “r” came /)
    await page.waitForSelector('[data-seen-case]')
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('r')
    const picker = page.getByRole('dialog').filter({ hasText: 'Reject because…' })
    await picker.waitFor()
    await expect(statusError()).resolves.toBe('')
    await page.screenshot({ path: join(screenshots, 'picker-without-stale-refusal.png') })
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'detached' })
    // Nor does a refusal follow the reviewer to the next case.
    await page.keyboard.press('j')
    await page.keyboard.press('a')
    await expect(page.locator('.status-bar .status-error').innerText()).resolves.toMatch(/^Not decided: “a” came /)
    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('j')
    await page.waitForSelector('[data-seen-case]')
    await expect(statusError()).resolves.toBe('')
    await page.keyboard.press('k')
    await page.keyboard.press('k')
    await page.waitForSelector('[data-seen-case]')
  })

  it('triage counts this session’s decisions, the status bar the cases decided: each says which', async () => {
    // So far this session: the reroute above, one case decided.
    await expect(page.getByTestId('decided-count').innerText()).resolves.toBe('1 case decided')
    await page.keyboard.press('t')
    const counter = page.getByTestId('triage-counter')
    await counter.waitFor()
    await expect(counter.innerText()).resolves.toMatch(/^Triage · 1 decision this session · /)
    await page.waitForSelector('[data-seen-case]')
    // A deferral is a decision of this session, but its case is not decided.
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('d')
    await page.getByRole('dialog').filter({ hasText: 'Defer' }).waitFor()
    await page.waitForTimeout(LOOK_MS)
    await page.keyboard.press('1')
    await counter.filter({ hasText: /^Triage · 2 decisions this session · / }).waitFor()
    await expect(page.getByTestId('decided-count').innerText()).resolves.toBe('1 case decided')
    await page.screenshot({ path: join(screenshots, 'triage-counts-say-what.png') })
    await page.keyboard.press('t')
    await page.locator('.queue').waitFor()
  })

  it('the palette finds “insig” as Go to insights, not as letters scattered through another title', async () => {
    await page.keyboard.press('Control+k')
    await page.locator('.palette').waitFor()
    await page.keyboard.type('insig')
    await page.locator('[cmdk-item][data-selected="true"]', { hasText: 'Go to insights' }).waitFor()
    await expect(page.locator('.palette [cmdk-item]').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^Go to insights/)])
    await page.keyboard.press('Escape')
  })

  it('the “cannot be undone” warning beside a recommended refusal names the choices that do it, so the case does not read as refunded', async () => {
    const banner = page.locator('.irreversible-banner')
    await openCaseByTitle(page, 'Refund exception: Road 500 bicycle, 32 days after delivery')
    await expect(page.locator('.case-facts').innerText()).resolves.toContain('Refuse (offer store credit)')
    await expect(banner.innerText()).resolves.toMatch(/^Cannot be undone if you choose \d “Approve as a one-off” or \d “Approve and make it a rule”: €[\d,.]+ is refunded to [\w ]+\.$/)
    await page.screenshot({ path: join(screenshots, 'irreversible-banner-exception.png') })
    // An invoice has no options: approving is what releases the transfer, and the warning says it shortly.
    await openCaseByTitle(page, 'Verify invoice INV-2026967 from Quillon Legal')
    await expect(banner.innerText()).resolves.toBe('Cannot be undone. A bank transfer of €42,725.10 to NL79 BANK 0639339184 is released; it cannot be pulled back.')
  })

  it('a case’s history lies over an invoice’s panes, not under them', async () => {
    await openCaseByTitle(page, 'Verify invoice INV-2026967 from Quillon Legal')
    await page.keyboard.press('h')
    const panel = page.locator('.history-panel')
    await panel.waitFor()
    const box = (await panel.boundingBox())!
    // The fields pane fills the lower right of the screen: what is on top there is the drawer.
    const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.history-panel') !== null, { x: box.x + box.width / 2, y: box.y + box.height * 0.8 })
    expect(onTop).toBe(true)
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
  })

  it('due-soon warnings count the other cases as cases, not as more minutes', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('s')
    // The demo's chip says it is built in; its line says what it is, not "(built in)" again.
    await expect(page.locator('.screen-list li .list-meta').first().innerText()).resolves.toMatch(/^sample cases that come with the app · \d+ decisions? to export \(e\)$/)
    const input = page.getByLabel('Minutes before a case is due')
    for (let step = 0; step < 6 && !(await input.evaluate((element) => element === document.activeElement)); step++) await page.keyboard.press('Tab')
    await page.keyboard.press('Control+a')
    await page.keyboard.type('300')
    await page.keyboard.press('Enter')
    const banner = page.locator('.sla-banner')
    await banner.waitFor()
    await expect(banner.innerText()).resolves.toMatch(/^Due soon: “.+”, (due in \d+ (min|h)|overdue \d+ (min|h)) — and \d+ other cases\. Esc dismiss$/)
    await page.screenshot({ path: join(screenshots, 'sla-banner-counts.png') })
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    await banner.waitFor({ state: 'detached' })
  })
})

describe('the demo’s decisions, where they go', () => {
  it('“Not applied” does not say the demo’s decisions are on their way: they are kept here to export', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('u')
    await expect(page.locator('main.screen > p.muted').innerText()).resolves.toBe(
      'No backend has refused a decision of yours. Each has been delivered, is on its way, or (for the demo and file bundles) is kept here to export from Settings.'
    )
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
  })
})

describe('on a laptop screen (1280×720), nothing the reviewer needs is cut off', () => {
  beforeAll(async () => {
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await page.waitForSelector('[data-seen-case]')
  })
  afterAll(() => page.setViewportSize(VIEWPORT))

  /** Whether `selector`'s box lies wholly inside the viewport, above the status bar. */
  const inView = (selector: string) =>
    page.evaluate((wanted) => {
      const box = document.querySelector(wanted)!.getBoundingClientRect()
      const statusBar = document.querySelector('.status-bar')!.getBoundingClientRect()
      return box.height > 0 && box.top >= 0 && box.bottom <= statusBar.top + 0.5 && box.right <= window.innerWidth
    }, selector)

  it('queue rows show every risk badge and the due time whole', async () => {
    const rows = await page.locator('.queue-row-meta').evaluateAll((metas) =>
      metas.map((meta) => {
        const inside = meta.getBoundingClientRect()
        const pieces = [...meta.querySelectorAll('.risk-badges .badge, .due')].map((piece) => piece.getBoundingClientRect())
        return {
          badges: meta.querySelectorAll('.risk-badges .badge').length,
          whole: pieces.every((box, i) => box.left >= inside.left - 0.5 && box.right <= inside.right + 0.5 && (i === 0 || box.left >= pieces[i - 1]!.right - 0.5))
        }
      })
    )
    // The demo has rows with three risk badges (Irrev., Money, Legal): the tightest case.
    expect(rows.some((row) => row.badges >= 3)).toBe(true)
    expect(rows.filter((row) => !row.whole)).toEqual([])
    await page.screenshot({ path: join(screenshots, 'queue-badges-whole.png') })
  })

  it('a merge shows its keys and its last column (what survives) without scrolling', async () => {
    await openFirstOfKind(page, 'Record merge')
    await expect(inView('.merge-pane .case-keys')).resolves.toBe(true)
    const fits = await page.locator('.merge-pane').evaluate((pane) => {
      const last = pane.querySelector('.merge-table thead th:last-child')!.getBoundingClientRect()
      return pane.scrollWidth <= pane.clientWidth && last.right <= pane.getBoundingClientRect().right
    })
    expect(fits).toBe(true)
    // An email too long for its column wraps after its @ or a dot, never inside a word; copied, it is whole.
    const emails = await page.locator('.merge-table tbody tr', { hasText: 'email' }).locator('td').evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange()
        // Each line's first character, with the one before it (the end of the line above).
        const lineStarts: string[] = []
        let lastTop = -1
        let previous = ''
        const text = cell.textContent ?? ''
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let offset = 0; offset < node.textContent!.length; offset++) {
            range.setStart(node, offset)
            range.setEnd(node, offset + 1)
            const top = Math.round(range.getBoundingClientRect().top)
            const character = node.textContent![offset]!
            if (top > lastTop + 2) lineStarts.push(previous + character)
            lastTop = Math.max(lastTop, top)
            previous = character
          }
        }
        return { text, lineStarts }
      })
    )
    for (const { text, lineStarts } of emails) {
      expect(text).toMatch(/^[^\s]+@[^\s]+$/i)
      // Each line after the first starts right after “@” or “.”.
      for (const start of lineStarts.slice(1)) expect(start, `${text}: ${lineStarts.join(' | ')}`).toMatch(/^[@.]/)
    }
    await page.screenshot({ path: join(screenshots, 'merge-laptop.png') })
  })

  it('extracted fields show their keys without scrolling', async () => {
    await openFirstOfKind(page, 'Field verification')
    await expect(inView('.proposal-pane .case-keys')).resolves.toBe(true)
    await page.screenshot({ path: join(screenshots, 'fields-laptop.png') })
  })

  /** Whether the case header shows all it holds, Provenance (its last fact) included, without scrolling. */
  const headerWhole = () =>
    page.evaluate(() => {
      const header = document.querySelector<HTMLElement>('.case-header')!
      const provenance = [...header.querySelectorAll('.case-facts > div')].at(-1)!
      return provenance.textContent!.startsWith('Provenance') && provenance.getBoundingClientRect().bottom <= header.getBoundingClientRect().bottom + 0.5
    })

  it('a reply and an exception show their whole header, every evidence chip whole, and the keys that apply', async () => {
    for (const [kind, keys] of [
      ['Text approval', /^e edit the draft · a approve · 1–2 choose an option · r reject$/],
      ['Exception', /^e edit the proposed rule · a the recommended option · 1–\d choose an option · r reject$/]
    ] as const) {
      await openFirstOfKind(page, kind)
      await page.waitForSelector('[data-painted-case]')
      await expect(headerWhole(), `${kind}: Provenance in view`).resolves.toBe(true)
      const chips = await page.locator('.evidence-chip').evaluateAll((items) =>
        items.map((chip) => {
          const box = chip.getBoundingClientRect()
          const titles = chip.closest('.diff-titles')!.getBoundingClientRect()
          return { label: chip.textContent, whole: chip.scrollWidth <= chip.clientWidth && box.left >= titles.left && box.right <= titles.right && box.bottom <= titles.bottom }
        })
      )
      expect(chips.length, kind).toBeGreaterThanOrEqual(2)
      expect(chips.filter((chip) => !chip.whole)).toEqual([])
      await expect(inView('.case-view > .diff-keys'), `${kind}: its keys in view`).resolves.toBe(true)
      await expect(page.locator('.diff-keys').innerText()).resolves.toMatch(keys)
      await page.screenshot({ path: join(screenshots, `laptop-${kind.toLowerCase().replace(' ', '-')}.png`) })
    }
    // While keys type into the proposal, the line says only that, and how to leave.
    await page.keyboard.press('e')
    await expect(page.locator('.diff-keys').innerText()).resolves.toBe('keys type into the proposed rule · Esc done: then a chooses the recommended option')
    await page.keyboard.press('Escape')
    await expect(page.locator('.diff-keys').innerText()).resolves.toMatch(/^e edit the proposed rule · a the recommended option/)
  })

  it('a merge whose reasons wrap still shows Provenance', async () => {
    // The demo's merges across systems have the longest header on this screen.
    const titles = await page.locator('.queue-row').evaluateAll((rows) => rows.map((row) => row.querySelector('.queue-row-title')?.textContent ?? ''))
    let checked = 0
    for (const candidate of titles.filter((text) => text.startsWith('Merge duplicate contacts')).slice(0, 4)) {
      await openCaseByTitle(page, candidate)
      await expect(headerWhole(), candidate).resolves.toBe(true)
      checked++
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('the "press again" prompt leaves the selected row at the bottom of the queue in view', async () => {
    const selectedInView = () =>
      page.evaluate(() => {
        const row = document.querySelector('.queue-row.selected')!.getBoundingClientRect()
        const list = document.querySelector('.queue-scroll')!.getBoundingClientRect()
        return row.top >= list.top - 0.5 && row.bottom <= list.bottom + 0.5
      })
    // Down past the rows on screen, so the selected row is the list's last, then on to an irreversible case.
    const onScreen = await page.locator('.queue-scroll').evaluate((list) => Math.ceil(list.clientHeight / 64))
    for (let step = 0; step < onScreen; step++) await page.keyboard.press('j')
    while ((await page.locator('.queue-row.selected .badge-irreversible').count()) === 0) await page.keyboard.press('j')
    await page.waitForSelector('[data-seen-case]')
    await expect(selectedInView()).resolves.toBe(true)
    await page.keyboard.press('a')
    await page.locator('.confirm-strip').waitFor()
    await expect.poll(selectedInView, { timeout: 2000 }).toBe(true)
    await page.screenshot({ path: join(screenshots, 'laptop-confirm-bottom-row.png') })
    await page.keyboard.press('Escape')
    await page.locator('.confirm-strip').waitFor({ state: 'detached' })
  })
})

describe('the diff panes say what they hold', () => {
  it('an exception shows the request and policy beside the proposed rule, untinted: the rule is new text, not a rewrite', async () => {
    await openFirstOfKind(page, 'Exception')
    await page.waitForSelector('[data-painted-case]')
    await expect(page.locator('.diff-titles .pane-role').allInnerTexts()).resolves.toEqual(['REQUEST AND POLICY', 'PROPOSED RULE'])
    const tints = await page.locator('.diff-slot.front :is(.line-delete, .line-insert, .char-delete, .char-insert)').evaluateAll((marks) =>
      marks.map((mark) => getComputedStyle(mark).backgroundColor)
    )
    expect(tints.length).toBeGreaterThan(0)
    expect(new Set(tints)).toEqual(new Set(['rgba(0, 0, 0, 0)']))
    await page.screenshot({ path: join(screenshots, 'exception-untinted.png') })
  })

  it('a reply’s en dash and curly apostrophes are not boxed as look-alikes, and the reply is not tinted as a rewrite of the email', async () => {
    await openFirstOfKind(page, 'Text approval')
    await page.waitForSelector('[data-painted-case]')
    const draft = page.locator('.diff-slot.front .editor.modified')
    await expect(draft.innerText()).resolves.toMatch(/within\s3–5/)
    await expect(draft.locator('.unicode-highlight').count()).resolves.toBe(0)
    // A reply beside the email it answers is not a rewrite of it: the diff finds lines changed
    // and Monaco marks them, but they are not tinted (a rewrite of its source would be).
    await expect(page.locator('.diff-slot.front').getAttribute('data-tinted')).resolves.toBe('false')
    const tints = await page.locator('.diff-slot.front :is(.line-delete, .line-insert, .char-delete, .char-insert)').evaluateAll((marks) =>
      marks.map((mark) => getComputedStyle(mark).backgroundColor)
    )
    expect(tints.length).toBeGreaterThan(0)
    expect(new Set(tints)).toEqual(new Set(['rgba(0, 0, 0, 0)']))
    await page.locator('.diff-slot.front').screenshot({ path: join(screenshots, 'reply-en-dash-unboxed.png') })
  })
})
