import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Case } from '../../shared/domain/case'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { useKeyboardSession } from './keyboard-session'
import { importIntoCache } from '../fixtures/cache-file'

// Attack 24 on "untinted replies" (451fd75): a proposal under half of whose non-blank lines are
// unchanged from its source is taken for new text (a reply), and the diff loses its tints. The
// share counts a line whose only change is its whitespace as changed (ignoreTrimWhitespace is
// off, rightly, for what is shown). So a rewrite of a contract that also re-indents it (tabs to
// spaces, as a model or a formatter does) or leaves a trailing space on each line is shown with no
// tint at all — and its one change that matters (the amount) is marked nowhere.

const SOURCE_LINES = [
  'SERVICE AGREEMENT — AMENDMENT 3',
  '\t1. The Supplier delivers the services described in Schedule A.',
  '\t2. The Customer pays the fees in Schedule B within 30 days of invoice.',
  '\t3. Liability of either party is capped at EUR 10,000 per claim.',
  '\t4. Either party may end this agreement with 90 days written notice.',
  '\t5. Data is processed in the EU only, under the DPA of 2025-03-01.',
  '\t6. The Supplier keeps the service available 99.9% of each month.',
  '\t7. Credits for missed availability are set out in Schedule C.',
  '\t8. This amendment takes effect on signature by both parties.'
]
const source = SOURCE_LINES.join('\n')
// The same text re-indented with four spaces, and one change that matters: the liability cap.
const reindented = SOURCE_LINES.map((line) => line.replace(/^\t/, '    ')).join('\n').replace('EUR 10,000 per claim', 'EUR 10,000,000 per claim')
// The same words with one trailing space left on each line (invisible: Monaco draws whitespace
// only in a selection), and the same change.
const trailing = SOURCE_LINES.map((line) => `${line} `).join('\n').replace('EUR 10,000 per claim', 'EUR 10,000,000 per claim')
// The same clauses unwrapped, two to a line (as a model writes a paragraph on one line where the
// source was wrapped), and the same change.
const unwrapped = [SOURCE_LINES[0]!, ...[1, 3, 5, 7].map((i) => `${SOURCE_LINES[i]!.trim()} ${SOURCE_LINES[i + 1]!.trim()}`)]
  .join('\n')
  .replace('EUR 10,000 per claim', 'EUR 10,000,000 per claim')
/** The proposal of each test's workspace, in the order the tests run. */
const proposals = [reindented, trailing, unwrapped]

const app = useKeyboardSession(() => {
  const dir = makeTempDir('countersign-e2e-a24-tint-')
  const bundle = generateBundle({ count: 5, seed: 77, idPrefix: 't', workspace: { id: 'legal', name: 'Legal' }, baseTime: new Date() })
  const index = bundle.cases.findIndex((c) => c.kind === 'text-approval')
  const base = bundle.cases[index] as Extract<Case, { kind: 'text-approval' }>
  const contract: Case = {
    ...base,
    title: 'Amendment 3 to the service agreement',
    source: { title: 'Signed agreement', text: source, language: 'plaintext' },
    evidence: [],
    proposal: { ...base.proposal, text: proposals.shift()! },
    ownership: { ...base.ownership, dueAt: new Date(Date.now() - 86_400_000).toISOString() }
  }
  bundle.cases = [contract]
  importIntoCache(dir.path, bundle)
  return dir
})

describe('a rewrite that also changes whitespace on every line', () => {
  it('re-indented: keeps the diff tinted, so the changed amount is marked', async () => {
    const { page } = app
    await page.locator('.diff-slot.front .monaco-diff-editor').waitFor()
    await page.waitForFunction(() => document.querySelector('.diff-slot.front')?.getAttribute('data-tinted') !== null)
    const tintedSlot = await page.locator('.diff-slot.front').getAttribute('data-tinted')
    // The inserted characters of the amount's line, as painted: the tint the reviewer would see.
    const tinted = await page.evaluate(() =>
      [...document.querySelectorAll('.diff-slot.front .editor.modified .char-insert')].some((el) => {
        const bg = getComputedStyle(el).backgroundColor
        return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent'
      })
    )
    await page.screenshot({ path: join(__dirname, '../../test-results/attack-24-untinted-rewrite.png') })
    expect({ tintedSlot, tinted }).toEqual({ tintedSlot: 'true', tinted: true })
  })

  it('a trailing space on each line: keeps the diff tinted, so the changed amount is marked', async () => {
    const { page } = app
    await page.locator('.diff-slot.front .monaco-diff-editor').waitFor()
    await page.waitForFunction(() => document.querySelector('.diff-slot.front')?.getAttribute('data-tinted') !== null)
    const tintedSlot = await page.locator('.diff-slot.front').getAttribute('data-tinted')
    // The inserted characters of the amount's line, as painted: the tint the reviewer would see.
    const tinted = await page.evaluate(() =>
      [...document.querySelectorAll('.diff-slot.front .editor.modified .char-insert')].some((el) => {
        const bg = getComputedStyle(el).backgroundColor
        return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent'
      })
    )
    await page.screenshot({ path: join(__dirname, '../../test-results/attack-24-untinted-trailing.png') })
    expect({ tintedSlot, tinted }).toEqual({ tintedSlot: 'true', tinted: true })
  })
  it('its lines joined two by two: keeps the diff tinted, so the changed amount is marked', async () => {
    const { page } = app
    await page.locator('.diff-slot.front .monaco-diff-editor').waitFor()
    await page.waitForFunction(() => document.querySelector('.diff-slot.front')?.getAttribute('data-tinted') !== null)
    const tintedSlot = await page.locator('.diff-slot.front').getAttribute('data-tinted')
    // The inserted characters of the amount's line, as painted: the tint the reviewer would see.
    const tinted = await page.evaluate(() =>
      [...document.querySelectorAll('.diff-slot.front .editor.modified .char-insert')].some((el) => {
        const bg = getComputedStyle(el).backgroundColor
        return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent'
      })
    )
    await page.screenshot({ path: join(__dirname, '../../test-results/attack-24-untinted-unwrapped.png') })
    expect({ tintedSlot, tinted }).toEqual({ tintedSlot: 'true', tinted: true })
  })
})
