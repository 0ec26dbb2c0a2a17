import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Case } from '../../shared/domain/case'
import { fidelityCase } from '../fixtures/fidelity/corpus'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { confirmOnceSeen, openCaseByTitle } from './review-steps'
import { bundleText, importIntoCache } from '../fixtures/cache-file'

// Attack 22: the edit path, byte for byte. Open a draft, `e`, add ONE character at the end of one
// line, Esc, `a`. The recorded (and pushed) edit must be the draft with exactly that character
// added: every other byte (line endings of the edited line, a leading byte-order mark) as sent.

const screenshots = join(__dirname, '../../test-results')
mkdirSync(screenshots, { recursive: true })

/** A text-approval case whose draft is `text`. */
function draftCase(id: string, title: string, text: string): Case {
  const base = fidelityCase('line endings LF') as Extract<Case, { kind: 'text-approval' }>
  return { ...base, id, title, source: { ...base.source, text: `Source for ${title}` }, evidence: [], proposal: { text, destination: 'Reply' } }
}

const CASES = {
  // The edited line ends in CRLF, its neighbours in LF (a draft pasted together from two systems).
  crlfLine: draftCase('a22-crlf-line', 'A22 edited line ends in CRLF', 'Dear Ms Ito,\nthe part ships today\r\nKind regards\nLotte'),
  // The same the other way round: the edited line ends in LF between CRLF lines.
  lfLine: draftCase('a22-lf-line', 'A22 edited line ends in LF', 'Dear Ms Ito,\r\nthe part ships today\nKind regards\r\nLotte'),
  // A draft that begins with U+FEFF (a BOM inside a field, as text copied from a Windows file carries).
  leadingBom: draftCase('a22-leading-bom', 'A22 draft starting with a BOM', '\uFEFFDear Ms Ito,\nthe part ships today\nLotte'),
  // Source and draft both begin with U+FEFF; evidence points at a word on the first line.
  bomEvidence: {
    ...draftCase('a22-bom-evidence', 'A22 source starting with a BOM', '\uFEFFRefund 1250 EUR'),
    source: { title: 'Invoice', text: '\uFEFFInvoice total 1250 EUR', language: 'plaintext' as const },
    evidence: [{ id: 'total', label: 'Total', span: { start: 15, end: 19 } }]
  } satisfies Case,
  // A reply sent for good when approved: the warning quotes what the reviewer's edit changed.
  finalReply: (() => {
    const reply = draftCase('a22-final-reply', 'A22 reply sent for good', 'Dear Ms Ito,\nthe part ships today\nLotte')
    return { ...reply, risk: { ...reply.risk, reversible: false, audience: 'customer', irreversibleEffect: 'The reply is sent.' } } satisfies Case
  })()
}

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
  dir = makeTempDir('countersign-e2e-a22-')
  importIntoCache(dir.path, bundleText({ id: 'a22', name: 'Attack 22' }, Object.values(CASES)))
  session = await driver.open(dir.path)
  page = session.page
  await page.waitForSelector('[data-painted-case]')
})
afterEach(async () => {
  await session.close()
  dir.remove()
})

/** `e`, Ctrl+Home, Down × `line`, End, `!`, Esc, `a`: returns the stored decision's edits. */
async function addBangAtEndOfLine(reviewCase: Case, line: number) {
  await openCaseByTitle(page, reviewCase.title)
  await page.keyboard.press('e')
  await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') != null)
  await page.keyboard.press('Control+Home')
  for (let index = 0; index < line; index++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  await page.keyboard.type('!')
  await page.keyboard.press('Escape')
  await page.keyboard.press('a')
  if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
  await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Approved'))
  const row = readDecisionRows(session.dataDir).find((candidate) => candidate.record.caseId === reviewCase.id)!
  return row.record
}

/** The draft with `!` added at the end of line `line` (0-based), every line ending kept. */
function withBang(text: string, line: number): string {
  const parts = text.split(/(\r\n|\r|\n)/)
  parts[line * 2] += '!'
  return parts.join('')
}

describe('attack 22: a leading byte-order mark is content', () => {
  it('is marked in both Monaco panes, and evidence after it is highlighted exactly', async () => {
    const reviewCase = CASES.bomEvidence
    expect(reviewCase.source.text.slice(15, 19)).toBe('1250')
    await openCaseByTitle(page, reviewCase.title)
    await expect(page.locator('.case-header .badge-hidden').innerText()).resolves.toBe('Hidden characters')
    const evidence = () =>
      page.evaluate(() => [...document.querySelectorAll('.diff-slot.front .editor.original .evidence-total')].map((piece) => piece.textContent).join(''))
    await expect.poll(evidence, { timeout: 5_000 }).toBe('1250')
    for (const side of ['original', 'modified']) {
      await expect
        .poll(() => page.locator(`.diff-slot.front .editor.${side} :is(.unicode-highlight, .mtkcontrol)`).count(), { timeout: 5_000, message: side })
        .toBeGreaterThan(0)
    }
  })
})

describe('attack 22: one character typed in the editor is the whole edit', () => {
  for (const [name, reviewCase] of [
    ['a line ending in CRLF between LF lines', CASES.crlfLine],
    ['a line ending in LF between CRLF lines', CASES.lfLine]
  ] as const) {
    it(`${name}: the edited line keeps its own line ending`, async () => {
      const record = await addBangAtEndOfLine(reviewCase, 1)
      const text = (reviewCase.proposal as { text: string }).text
      expect(record.edits).toHaveLength(1)
      expect(JSON.stringify(record.edits[0]!.new)).toBe(JSON.stringify(withBang(text, 1)))
    })
  }

  it('a draft that begins with a BOM: the editor shows it, and the edit keeps it', async () => {
    const text = (CASES.leadingBom.proposal as { text: string }).text
    const record = await addBangAtEndOfLine(CASES.leadingBom, 2)
    await page.screenshot({ path: join(screenshots, 'attack-22-leading-bom.png') })
    expect(record.edits).toHaveLength(1)
    expect(JSON.stringify(record.edits[0]!.new)).toBe(JSON.stringify(withBang(text, 2)))
  })
})

describe('attack 22: an edit that changes only spacing', () => {
  it('a second space typed after "Dear": the warning says only the spacing differs, where its quotes look alike', async () => {
    await openCaseByTitle(page, CASES.finalReply.title)
    await page.keyboard.press('e')
    await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') != null)
    await page.keyboard.press('Control+Home')
    for (let index = 0; index < 'Dear'.length; index++) await page.keyboard.press('ArrowRight')
    await page.keyboard.type(' ')
    await page.keyboard.press('Escape')
    // A sentence shows two spaces as one: the quotes read alike, and the note tells them apart.
    const banner = page.locator('.irreversible-banner')
    await expect
      .poll(() => banner.innerText(), { timeout: 5_000 })
      .toContain('the draft from “Dear Ms Ito,↵the part ships today↵Lotte” to “Dear Ms Ito,↵the part ships today↵Lotte” (alike on screen: they differ only in spacing).')
    await expect(banner.textContent()).resolves.toContain('to “Dear  Ms Ito,')
  })
})
