import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Case } from '../../shared/domain/case'
import { caseFile, fidelityBundleText, fidelityCase, hiddenFieldsCase, type FidelityName } from '../fixtures/fidelity/corpus'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { confirmOnceSeen, openCaseByTitle } from './review-steps'
import { bundleText, importIntoCache } from '../fixtures/cache-file'

// What you see is what you sign, on screen: by keyboard alone, the editor's line endings are no
// edit; hidden characters show as named chips and a badge; each evidence highlight holds exactly
// the text of its UTF-16 range, read back from the DOM.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })
const MIXED_TITLE = 'Reply to Chidi Okafor about a replacement part'

/** Text-approval cases whose source and proposal differ in line endings only, or not at all. */
function lineEndingCase(id: string, title: string, source: string, proposal: string): Case {
  const base = fidelityCase('line endings LF') as Extract<Case, { kind: 'text-approval' }>
  return { ...base, id, title, evidence: [], source: { ...base.source, text: source }, proposal: { text: proposal, destination: 'Reply' } }
}
const LETTER = ['Dear Ms Ito,', 'the part ships today.', 'Kind regards']
const LINE_ENDING_CASES = [
  lineEndingCase('endings-lf-crlf', 'Proposal in CRLF, source in LF', `${LETTER.join('\n')}\n`, `${LETTER.join('\r\n')}\r\n`),
  lineEndingCase('endings-lf-cr', 'Proposal in CR, source in LF', LETTER.join('\n'), LETTER.join('\r')),
  lineEndingCase('endings-same', 'Proposal and source in CRLF', LETTER.join('\r\n'), `${LETTER.join('\r\n')}\r\nLotte`)
]

let driver: Driver
let session: AppSession
let page: Page
let dir: ReturnType<typeof makeTempDir>

beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver.close()
})
beforeEach(async () => {
  dir = makeTempDir('countersign-e2e-fidelity-')
  importIntoCache(dir.path, Buffer.from(fidelityBundleText()), caseFile('mixed-line-endings.bundle.json'), bundleText({ id: 'endings', name: 'Line endings' }, LINE_ENDING_CASES))
  session = await driver.open(dir.path)
  page = session.page
  await page.waitForSelector('[data-painted-case]')
})
afterEach(async () => {
  await session.close()
  dir.remove()
})

const openCase = (title: string) => openCaseByTitle(page, title)

/** The text Monaco draws for one evidence decoration, joined across its pieces and lines. */
function monacoEvidenceText(evidenceId: string): Promise<string> {
  return page.evaluate((id) => {
    const front = document.querySelector('.diff-slot.front .editor.original')!
    return [...front.querySelectorAll(`.evidence-${id}`)].map((piece) => piece.textContent).join('').replace(/\u00a0/g, ' ')
  }, evidenceId)
}

describe('what you see is what you sign', () => {
  it('mixed-line-endings: e, a letter typed and deleted, Esc, a: approved, not "approved with edits"', async () => {
    await openCase(MIXED_TITLE)
    await expect(page.locator('.diff-titles .line-endings').innerText()).resolves.toBe('line endings mixed (3 LF, 3 CRLF) · source: no line break')
    await page.keyboard.press('e')
    await page.keyboard.press('x')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Escape')
    await page.keyboard.press('a')
    if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
    await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Approved'))
    const [row] = readDecisionRows(session.dataDir)
    const sent = (JSON.parse(caseFile('mixed-line-endings.bundle.json').toString()) as { cases: Case[] }).cases[0]!
    expect(row!.outcome).toBe('approve')
    expect(row!.record.edits).toEqual([])
    expect(row!.record.proposed).toEqual(sent.proposal)
  })

  it('names line endings the editor draws alike: a proposal that differs from its source only in them is not shown unchanged', async () => {
    const notice = page.locator('.diff-titles .line-endings')
    await openCase('Proposal in CRLF, source in LF')
    await expect(notice.innerText()).resolves.toBe('line endings CRLF · source: LF')
    await page.screenshot({ path: join(screenshots, 'fidelity-line-endings.png') })
    await openCase('Proposal in CR, source in LF')
    await expect(notice.innerText()).resolves.toBe('line endings CR · source: LF')
    await openCase('Proposal and source in CRLF')
    await expect(notice.count()).resolves.toBe(0)
  })

  it('shows hidden characters as named chips with a badge, and the override cannot reverse the text', async () => {
    const reviewCase = hiddenFieldsCase()
    await openCase(reviewCase.title)
    await expect(page.locator('.case-header .badge-hidden').innerText()).resolves.toBe('Hidden characters')
    await expect(page.locator('.case-title .hidden-char').getAttribute('data-label')).resolves.toBe('RLO')
    await expect(page.locator('.queue-row.selected .queue-row-title .hidden-char').getAttribute('title')).resolves.toBe('U+202E RIGHT-TO-LEFT OVERRIDE')
    // Rendered markdown shows them too, inside code spans as well.
    await expect(page.locator('.briefing .hidden-char').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-label')))).resolves.toEqual(['RLO', 'ZWSP'])
    // Emoji are spelled with joiners; those are not hidden characters.
    await expect(page.locator('.queue-row-title', { hasText: 'emoji and ZWJ sequences' }).locator('.hidden-char').count()).resolves.toBe(0)
    // "gnp.exe" after the override still reads left to right: its g is left of its last e.
    const [gLeft, eLeft] = await page.evaluate(() => {
      const after = document.querySelector('.case-title .hidden-char')!.nextSibling!
      const box = (at: number) => {
        const range = document.createRange()
        range.setStart(after, at)
        range.setEnd(after, at + 1)
        return range.getBoundingClientRect().left
      }
      return [box(0), box(6)]
    })
    expect(gLeft).toBeLessThan(eLeft)
    // Each field whose value hides a character says so, with the value shown visibly.
    await expect(page.locator('.field-shown .hidden-char').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-label')))).resolves.toEqual([
      'ZWSP',
      'NBSP',
      'RLO'
    ])
    // The evidence marks hold exactly the text of their ranges, hidden characters included.
    for (const item of reviewCase.evidence) {
      const marked = await page.locator(`mark[data-evidence="${item.id}"]`).evaluate((mark) => mark.textContent)
      expect(marked, item.id).toBe(reviewCase.source.text.slice(item.span!.start, item.span!.end))
    }
    await page.screenshot({ path: join(screenshots, 'fidelity-hidden-characters.png') })
  })

  it('highlights in Monaco exactly the UTF-16 range of each span, after CRLF, emoji and combining marks', async () => {
    for (const name of ['line endings mixed', 'emoji and ZWJ sequences', 'combining marks'] satisfies FidelityName[]) {
      const reviewCase = fidelityCase(name)
      await openCase(reviewCase.title)
      const source = reviewCase.source.text
      const target = reviewCase.evidence.find((item) => item.id === 'target')!.span!
      await expect(monacoEvidenceText('target'), name).resolves.toBe(source.slice(target.start, target.end))
      const sample = reviewCase.evidence.find((item) => item.id === 'sample')!.span!
      await expect(monacoEvidenceText('sample'), name).resolves.toBe(source.slice(sample.start, sample.end).replace(/\r\n|\r|\n/g, ''))
    }
    await page.screenshot({ path: join(screenshots, 'fidelity-monaco-spans.png') })
  })

  it('marks bidi controls in both Monaco panes', async () => {
    await openCase(fidelityCase('bidi controls').title)
    await expect(page.locator('.case-header .badge-hidden').isVisible()).resolves.toBe(true)
    for (const side of ['original', 'modified']) {
      const marked = await page.locator(`.diff-slot.front .editor.${side} :is(.unicode-highlight, .mtkcontrol)`).count()
      expect(marked, side).toBeGreaterThan(0)
    }
    await page.screenshot({ path: join(screenshots, 'fidelity-bidi-monaco.png') })
  })

  it('marks no-break and other unusual spaces in Monaco (typographic punctuation is what it leaves alone)', async () => {
    await openCase(fidelityCase('unusual whitespace').title)
    // NBSP, EM SPACE, IDEOGRAPHIC SPACE and NNBSP, each boxed in the source pane. Monaco computes
    // these marks in its worker after the text is drawn: wait for them (a fresh clone's run once
    // counted before they came).
    await expect.poll(() => page.locator('.diff-slot.front .editor.original .unicode-highlight').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4)
  })
})
