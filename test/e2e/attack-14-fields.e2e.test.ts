import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Case } from '../../shared/domain/case'
import { hiddenFieldsCase } from '../fixtures/fidelity/corpus'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { confirmOnceSeen, openCaseByTitle } from './review-steps'
import { bundleText, importIntoCache } from '../fixtures/cache-file'

// Attack on issue 14: an extracted field whose value spans lines (an address, a remittance
// note) is shown in an <input>, whose value sanitisation strips CR and LF. The reviewer is shown
// "Hauptstr. 110115 Berlin" for "Hauptstr. 1\r\n10115 Berlin", nothing says so, and touching the
// field records the removed line break as the reviewer's edit.

const ADDRESS = 'Hauptstr. 1\r\n10115 Berlin'

function multiLineFieldCase(): Case {
  const base = hiddenFieldsCase()
  const source = `Ship to:\r\n${ADDRESS}\r\n`
  return {
    ...base,
    id: 'attack14-multiline-field',
    title: 'Check the delivery address',
    briefing: 'Check the address.',
    source: { title: 'Order', text: source, language: 'plaintext' },
    evidence: [{ id: 'address', label: 'Address', span: { start: source.indexOf(ADDRESS), end: source.indexOf(ADDRESS) + ADDRESS.length } }],
    proposal: { fields: [{ name: 'address', label: 'Delivery address', value: ADDRESS, evidenceId: 'address' }] }
  } as Case
}

// An IBAN and, inside it, the bank code: nested evidence, as extraction models report it.
const IBAN_SOURCE = 'Pay to IBAN DE89 3704 0044 0532 0130 00 by Friday.'
const IBAN = 'DE89 3704 0044 0532 0130 00'
const BANK_CODE = '3704 0044'

function nestedEvidenceCase(): Case {
  const base = hiddenFieldsCase()
  const at = (text: string) => ({ start: IBAN_SOURCE.indexOf(text), end: IBAN_SOURCE.indexOf(text) + text.length })
  return {
    ...base,
    id: 'attack14-nested-evidence',
    title: 'Check the IBAN and its bank code',
    briefing: 'Check both.',
    source: { title: 'Invoice', text: IBAN_SOURCE, language: 'plaintext' },
    evidence: [
      { id: 'iban', label: 'IBAN', span: at(IBAN) },
      { id: 'blz', label: 'Bank code', span: at(BANK_CODE) }
    ],
    proposal: {
      fields: [
        { name: 'iban', label: 'IBAN', value: IBAN, evidenceId: 'iban' },
        { name: 'blz', label: 'Bank code', value: BANK_CODE, evidenceId: 'blz' }
      ]
    }
  } as Case
}

// A draft with every line break an editor may rewrite or drop: lone CR, LINE SEPARATOR, NEL,
// plus NUL and a BOM mid-text. (A lone surrogate is refused at ingest: attack-14-fidelity.test.ts.)
const ODD_DRAFT = 'Dear Ms Ito,\rthank you.\u2028Best\u0085regards\u0000 \uFEFFLotte\r\n'

function oddDraftCase(): Case {
  const base = hiddenFieldsCase()
  return {
    ...base,
    id: 'attack14-odd-draft',
    kind: 'text-approval',
    title: 'Send the odd draft',
    briefing: 'Check the draft.',
    source: { title: 'Request', text: 'Please reply.', language: 'plaintext' },
    evidence: [],
    proposal: { text: ODD_DRAFT, destination: 'Reply' }
  } as Case
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
  dir = makeTempDir('countersign-e2e-attack14-')
  const [report] = importIntoCache(dir.path, bundleText({ id: 'a14', name: 'Attack 14' }, [multiLineFieldCase(), nestedEvidenceCase(), oddDraftCase()]))
  expect(report!.rejected).toEqual([])
  session = await driver.open(dir.path)
  page = session.page
  // Decision keys apply once the case has been on screen for the reaction time.
  await page.waitForSelector('[data-seen-case]')
})
afterEach(async () => {
  await session.close()
  dir.remove()
})

const openCase = (title: string) => openCaseByTitle(page, title)

describe('attack 14: nested evidence spans', () => {
  it('each span is marked over exactly its range in the source text, the inner one too', async () => {
    await openCase('Check the IBAN and its bank code')
    await expect(page.locator('mark[data-evidence="iban"]').evaluate((mark) => mark.textContent)).resolves.toBe(IBAN)
    // Today the inner span is dropped ("overlaps resolved in favour of the earlier span"): no mark at all.
    await expect(page.locator('mark[data-evidence="blz"]').count()).resolves.toBe(1)
    await expect(page.locator('mark[data-evidence="blz"]').evaluate((mark) => mark.textContent)).resolves.toBe(BANK_CODE)
  })
})

describe('attack 14: a field value with line breaks', () => {
  it('is shown exactly as sent', async () => {
    await openCase('Check the delivery address')
    // A textarea keeps the line break; its value has LF endings (HTML), the CRLF is put back on the way out.
    const shown = await page.locator('[name="fields.address"]').evaluate((field) => ({ tag: field.tagName, value: (field as HTMLTextAreaElement).value }))
    expect(shown).toEqual({ tag: 'TEXTAREA', value: ADDRESS.replace(/\r\n/g, '\n') })
    await page.screenshot({ path: 'test-results/attack14-multiline-field.png' })
  })

  it('e, a letter typed and deleted, Esc, a: approved without edits', async () => {
    await openCase('Check the delivery address')
    await page.keyboard.press('e')
    await page.keyboard.press('x')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Escape')
    await page.keyboard.press('a')
    await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Approved') || document.querySelector('.confirm-strip'))
    if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
    await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Approved'))
    const [row] = readDecisionRows(session.dataDir)
    expect(row!.record.edits).toEqual([])
    expect(row!.outcome).toBe('approve')
  })
})

describe('attack 14: a draft with CR, LS, NEL, NUL and a BOM', () => {
  it('e, a letter typed and deleted, Esc, a: approved without edits, returned exactly', async () => {
    await openCase('Send the odd draft')
    await page.keyboard.press('e')
    await page.keyboard.press('x')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Escape')
    await page.keyboard.press('a')
    await page
      .waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Approved') || document.querySelector('.confirm-strip'), null, { timeout: 8000 })
      .catch(async (error: Error) => {
        const status = await page.evaluate(() => document.querySelector('footer, .status-bar')?.textContent)
        const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))
        throw new Error(`${error.message}; status bar: ${status}; focus: ${focused}`)
      })
    if (await page.locator('.confirm-strip').isVisible()) await confirmOnceSeen(page, 'a')
    await page.waitForFunction(() => document.querySelector('.status-saved')?.textContent?.includes('Approved'))
    const [row] = readDecisionRows(session.dataDir)
    expect(row!.record.edits).toEqual([])
    expect(row!.outcome).toBe('approve')
    expect((row!.record.proposed as { text: string }).text).toBe(ODD_DRAFT)
  })
})
