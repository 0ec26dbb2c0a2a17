import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isRewrite, keptSourceWordShare, REWRITE_SHARE, unchangedShare, unchangedWordShare } from '../../../renderer/src/editor/rewrite-share'

describe('unchangedShare', () => {
  it('a light edit of the source is a rewrite: most non-blank lines unchanged', () => {
    const lines = ['Dear Ana,', '', 'Your refund is on its way.', 'It takes 3–5 days.', '', 'Regards']
    expect(unchangedShare(lines, [{ modifiedStartLineNumber: 4, modifiedEndLineNumber: 4 }])).toBe(0.75)
    expect(unchangedShare(lines, [{ modifiedStartLineNumber: 4, modifiedEndLineNumber: 4 }])).toBeGreaterThanOrEqual(REWRITE_SHARE)
  })

  it('a reply beside the email it answers is not: its blank lines, unchanged as they may be, do not count', () => {
    const reply = ['Hi Lukas,', '', 'I am sorry your machine arrived late.', '', 'Kind regards,', 'Support']
    const changes = [
      { modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 },
      { modifiedStartLineNumber: 3, modifiedEndLineNumber: 3 },
      { modifiedStartLineNumber: 5, modifiedEndLineNumber: 6 }
    ]
    expect(unchangedShare(reply, changes)).toBe(0)
  })

  it('pure deletions (end line 0) change none of the proposal’s lines; an empty proposal counts as unchanged', () => {
    expect(unchangedShare(['a', 'b'], [{ modifiedStartLineNumber: 1, modifiedEndLineNumber: 0 }])).toBe(1)
    expect(unchangedShare(['', '  '], [])).toBe(1)
  })

})

describe('unchangedWordShare and isRewrite', () => {
  const source = ['AMENDMENT 3', '\t1. Fees within 30 days of invoice.', '\t2. Liability capped at EUR 10,000 per claim.', '\t3. Either party may end it with 90 days notice.', '\t4. Data stays in the EU.']
  const raised = (text: string) => text.replace('EUR 10,000 per claim', 'EUR 10,000,000 per claim')
  const variants = {
    reindented: raised(source.map((line) => line.replace(/^\t/, '    ')).join('\n')),
    trailingSpaces: raised(source.map((line) => `${line} `).join('\n')),
    rewrapped: raised([source[0], `${source[1]!.trim()} ${source[2]!.trim()}`, `${source[3]!.trim()} ${source[4]!.trim()}`].join('\n'))
  }
  const everyLineChanged = (text: string) => [{ modifiedStartLineNumber: 1, modifiedEndLineNumber: text.split('\n').length }]

  it('a rewrite that changes every line’s white space or wrapping keeps most of its words: it stays tinted', () => {
    for (const [name, proposal] of Object.entries(variants)) {
      const share = unchangedWordShare(source.join('\n'), proposal)
      expect(share, name).toBeGreaterThan(0.9)
      expect(isRewrite(proposal.split('\n'), everyLineChanged(proposal), () => ({ source: source.join('\n'), proposal })), name).toBe(true)
    }
  })

  it('a proposal that keeps its source whole and adds more than it had is a rewrite: its change to the kept text is tinted (attack 25)', () => {
    const schedule = Array.from({ length: 10 }, (_, i) => `D.${i + 1} The Supplier reports on service item ${i + 1} each quarter in writing.`)
    const proposal = [raised(source.join('\n')), '', 'SCHEDULE D', ...schedule].join('\n')
    expect(unchangedWordShare(source.join('\n'), proposal)).toBeLessThan(REWRITE_SHARE)
    expect(keptSourceWordShare(source.join('\n'), proposal)).toBeGreaterThan(0.9)
    const changes = [{ modifiedStartLineNumber: 3, modifiedEndLineNumber: 3 }, { modifiedStartLineNumber: 6, modifiedEndLineNumber: 17 }]
    expect(unchangedShare(proposal.split('\n'), changes)).toBeLessThan(REWRITE_SHARE)
    expect(isRewrite(proposal.split('\n'), changes, () => ({ source: source.join('\n'), proposal }))).toBe(true)
    expect(keptSourceWordShare('', 'new text')).toBe(0)
  })

  it('the demo’s replies share few words with the emails they answer: they stay untinted', () => {
    const bundle = JSON.parse(readFileSync(join(__dirname, '../../../resources/demo/demo-bundle.json'), 'utf8')) as { cases: { kind: string; source: { text: string }; proposal: { text?: string } }[] }
    const replies = bundle.cases.filter((item) => item.kind === 'text-approval')
    expect(replies.length).toBeGreaterThan(0)
    for (const reply of replies) {
      const proposal = reply.proposal.text!
      expect(unchangedWordShare(reply.source.text, proposal)).toBeLessThan(REWRITE_SHARE)
      expect(keptSourceWordShare(reply.source.text, proposal)).toBeLessThan(REWRITE_SHARE)
      expect(isRewrite(proposal.split('\n'), everyLineChanged(proposal), () => ({ source: reply.source.text, proposal }))).toBe(false)
    }
  })

  it('asks for the texts only when the lines alone do not say it is a rewrite; beyond its limits it counts as one', () => {
    let asked = 0
    expect(isRewrite(['a', 'b', 'c'], [{ modifiedStartLineNumber: 3, modifiedEndLineNumber: 3 }], () => (asked++, { source: '', proposal: '' }))).toBe(true)
    expect(asked).toBe(0)
    expect(unchangedWordShare('x', '')).toBe(1)
    const long = 'word '.repeat(50_000)
    expect(unchangedWordShare(long, 'other '.repeat(10))).toBe(1)
  })
})
