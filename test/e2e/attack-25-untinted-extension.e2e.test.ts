import { describe, expect, it } from 'vitest'
import type { Case } from '../../shared/domain/case'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { useKeyboardSession } from './keyboard-session'
import { importIntoCache } from '../fixtures/cache-file'

// Attack 25 on the tint rule (bf0c3fd): a proposal is tinted when half its lines, or half its
// words, are its source's own. A proposal that keeps its source whole but adds more than it had
// (an amendment that appends a schedule, a policy extended with new sections) has under half of
// its own lines and words from the source: it is taken for a reply and shown with no tint — and a
// change made inside the kept text (the liability cap raised a thousandfold) is marked nowhere.

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
const schedule = Array.from({ length: 10 }, (_, i) => `\tD.${i + 1} The Supplier reports on service item ${i + 1} each quarter in writing to the Customer.`)
// The source kept line for line, one change that matters (the cap), and a new schedule appended.
const extended = [...SOURCE_LINES, '', 'SCHEDULE D — REPORTING', ...schedule].join('\n').replace('EUR 10,000 per claim', 'EUR 10,000,000 per claim')

const app = useKeyboardSession(() => {
  const dir = makeTempDir('countersign-e2e-a25-tint-')
  const bundle = generateBundle({ count: 5, seed: 77, idPrefix: 't', workspace: { id: 'legal', name: 'Legal' }, baseTime: new Date() })
  const index = bundle.cases.findIndex((c) => c.kind === 'text-approval')
  const base = bundle.cases[index] as Extract<Case, { kind: 'text-approval' }>
  const contract: Case = {
    ...base,
    title: 'Amendment 3 to the service agreement',
    source: { title: 'Signed agreement', text: source, language: 'plaintext' },
    evidence: [],
    proposal: { ...base.proposal, text: extended },
    ownership: { ...base.ownership, dueAt: new Date(Date.now() - 86_400_000).toISOString() }
  }
  bundle.cases = [contract]
  importIntoCache(dir.path, bundle)
  return dir
})

describe('a proposal that keeps its source whole and adds more than it had', () => {
  it('stays tinted, so the change made inside the kept text is marked', async () => {
    const { page } = app
    await page.locator('.diff-slot.front .monaco-diff-editor').waitFor()
    await page.waitForFunction(() => document.querySelector('.diff-slot.front')?.getAttribute('data-tinted') !== null)
    const tintedSlot = await page.locator('.diff-slot.front').getAttribute('data-tinted')
    const tinted = await page.evaluate(() =>
      [...document.querySelectorAll('.diff-slot.front .editor.modified .char-insert')].some((el) => {
        const bg = getComputedStyle(el).backgroundColor
        return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent'
      })
    )
    // Seen: data-tinted false, no char-insert painted: EUR 10,000 → EUR 10,000,000 is marked nowhere.
    expect({ tintedSlot, tinted }).toEqual({ tintedSlot: 'true', tinted: true })
  })
})
