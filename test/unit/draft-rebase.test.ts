import { describe, expect, it } from 'vitest'
import { caseSchema, type Case } from '../../shared/domain/case'
import { rebaseDraft } from '../../shared/domain/draft-rebase'
import { generateCases } from '../fixtures/case-generator'

const generated = generateCases({ count: 12, seed: 7 })
const reply = generated.find((c) => c.kind === 'text-approval')!
const invoice = generated.find((c) => c.kind === 'field-verification')!

/** The reply at another revision, with `text` as its proposal. */
function replyWith(text: string, revision = 1): Case {
  return caseSchema.parse({ ...reply, revision, proposal: { ...reply.proposal, text } })
}

describe('carrying a draft onto a new revision', () => {
  const base = 'Hi Priya,\r\n\r\nYour refund of €40 is on its way 👍.\r\n\r\nBest,\r\nSam'

  it('keeps an edit the new revision did not touch, byte for byte', () => {
    const edited = base.replace('€40', '€45')
    expect(rebaseDraft(replyWith(base), replyWith(base, 2), { text: edited })).toEqual({ draft: { text: edited }, merged: [], setAside: {} })
  })

  it('merges an edit with a change on other lines: the backend’s new line is in the draft, each line ending kept', () => {
    const edited = base.replace('€40', '€45')
    const revised = `BACKEND FIRST LINE.\n${base}\u200b`
    const rebased = rebaseDraft(replyWith(base), replyWith(revised, 2), { text: edited })
    expect(rebased).toEqual({ draft: { text: `BACKEND FIRST LINE.\n${edited}\u200b` }, merged: ['text'], setAside: {} })
  })

  it('sets aside an edit on the lines the new revision changed too', () => {
    const edited = base.replace('€40', '€45')
    const revised = base.replace('€40', '€50')
    expect(rebaseDraft(replyWith(base), replyWith(revised, 2), { text: edited })).toEqual({ draft: {}, merged: [], setAside: { text: edited } })
  })

  it('drops an edit the new revision made itself', () => {
    const edited = base.replace('€40', '€45')
    expect(rebaseDraft(replyWith(base), replyWith(edited, 2), { text: edited })).toEqual({ draft: {}, merged: [], setAside: {} })
  })

  it('keeps the reviewer’s edit over a revision that only turned LF into CRLF, in CRLF', () => {
    const lf = 'Hi Priya,\n\nYour refund of €40 is on its way.\n\nSam'
    const rebased = rebaseDraft(replyWith(lf), replyWith(lf.replaceAll('\n', '\r\n'), 2), { text: lf.replace('€40', '€45\nwith interest') })
    expect(rebased).toEqual({ draft: { text: 'Hi Priya,\r\n\r\nYour refund of €45\r\nwith interest is on its way.\r\n\r\nSam' }, merged: ['text'], setAside: {} })
  })

  it('gives the old last line an ending when the reviewer adds a line after it and the backend changed the first', () => {
    const rebased = rebaseDraft(replyWith('Hi,\nSam'), replyWith('Hello,\nSam', 2), { text: 'Hi,\nSam\nP.S. thanks' })
    expect(rebased.draft).toEqual({ text: 'Hello,\nSam\nP.S. thanks' })
  })

  it('keeps the reviewer’s own line endings: a final newline taken away, CRLF lines where the revision has none, a text cleared', () => {
    expect(rebaseDraft(replyWith('Hi,\nSam\n'), replyWith('Hello,\nSam\n', 2), { text: 'Hi,\nSam' }).draft).toEqual({ text: 'Hello,\nSam' })
    expect(rebaseDraft(replyWith('a\r\nb\r\n'), replyWith('a', 2), { text: 'a\r\nb\r\nc\r\n' }).draft).toEqual({ text: 'a\r\nc\r\n' })
    expect(rebaseDraft(replyWith('a\r\nb'), replyWith('A\r\nb', 2), { text: 'a\r\nb\r\nc' }).draft).toEqual({ text: 'A\r\nb\r\nc' })
    expect(rebaseDraft(replyWith('a\n'), replyWith('a\nb\n', 2), { text: '' }).draft).toEqual({ text: 'b\n' })
  })

  it('sets aside lines both added at the same place, and a change both made alike (among repeated lines it may be two changes)', () => {
    expect(rebaseDraft(replyWith('a\nb'), replyWith('x\na\nb', 2), { text: 'y\na\nb' }).setAside).toEqual({ text: 'y\na\nb' })
    expect(rebaseDraft(replyWith('a\nb\nc'), replyWith('a\nB\nc', 2), { text: 'a\nB\nc\nD' }).setAside).toEqual({ text: 'a\nB\nc\nD' })
    // Four alike lines: the reviewer deleted one, the revision changed another. Both stand, or the edit is set aside; never the deletion lost.
    const cables = 'Order summary:\n- 1 x USB cable\n- 1 x USB cable\n- 1 x USB cable\n- 1 x USB cable\nThanks'
    const revised = 'Order summary:\n- 1 x USB cable\n- 1 x USB cable\n- 1 x USB-C cable\n- 1 x USB cable\nThanks'
    const rebased = rebaseDraft(replyWith(cables), replyWith(revised, 2), { text: cables.replace('- 1 x USB cable\n', '') })
    if (rebased.draft.text !== undefined) expect(rebased.draft.text.split('\n').sort()).toEqual(['- 1 x USB cable', '- 1 x USB cable', '- 1 x USB-C cable', 'Order summary:', 'Thanks'])
    else expect(Object.keys(rebased.setAside)).toEqual(['text'])
    expect(rebaseDraft(replyWith('a\nb\nc'), replyWith('a\nB\nc', 2), { text: 'a\nb!\nc' }).setAside).toEqual({ text: 'a\nb!\nc' })
    // Lines added where the other side changed a line: which comes first is nobody's choice.
    expect(rebaseDraft(replyWith('a\nb'), replyWith('x\na\nb', 2), { text: 'y\nA\nb' }).setAside).toEqual({ text: 'y\nA\nb' })
    expect(rebaseDraft(replyWith('a\nb\nc'), replyWith('a\nB\nc', 2), { text: 'A\nb\nc' }).setAside).toEqual({ text: 'A\nb\nc' })
    // A line the backend deleted next to the reviewer's change puts nothing in question.
    expect(rebaseDraft(replyWith('a\nb\nc'), replyWith('a\nc', 2), { text: 'A\nb\nc' }).draft).toEqual({ text: 'A\nc' })
  })

  it('never loses either side’s change among repeated lines: each merge of two one-line edits on different lines holds both, or the edit is set aside', () => {
    // Lines drawn from few values (blank lines, list items) make the diffs' alignment ambiguous.
    let seed = 7
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n)
    const values = ['a', 'b', '']
    const edit = (lines: string[], at: number, kind: number) =>
      kind === 0 ? lines.filter((_, i) => i !== at) : kind === 1 ? lines.map((line, i) => (i === at ? `${line}!` : line)) : lines.flatMap((line, i) => (i === at ? ['new', line] : [line]))
    let merged = 0
    for (let round = 0; round < 3_000; round++) {
      const base = Array.from({ length: 6 }, () => values[random(3)]!)
      const [ourAt, theirAt] = [random(6), random(6)]
      if (ourAt === theirAt) continue
      const [ourKind, theirKind] = [random(3), random(3)]
      const ours = edit(base, ourAt, ourKind)
      const theirs = edit(base, theirAt, theirKind === ourKind ? (theirKind + 1) % 3 : theirKind)
      // Both edits on the lines as numbered in the base, the later one first.
      const [first, second] = ourAt > theirAt ? [[ourAt, ourKind], [theirAt, theirKind === ourKind ? (theirKind + 1) % 3 : theirKind]] : [[theirAt, theirKind === ourKind ? (theirKind + 1) % 3 : theirKind], [ourAt, ourKind]]
      const expected = edit(edit(base, first![0]!, first![1]!), second![0]!, second![1]!)
      const rebased = rebaseDraft(replyWith(base.join('\n')), replyWith(theirs.join('\n'), 2), { text: ours.join('\n') })
      if (rebased.draft.text === undefined) continue
      merged++
      expect(rebased.draft.text.split('\n').sort(), JSON.stringify({ base, ours, theirs })).toEqual([...expected].sort())
    }
    expect(merged).toBeGreaterThan(500)
  })

  it('merges around thousands of blank lines, and sets aside an edit whose merge would be too large to compute', () => {
    const blank = `${'\n'.repeat(3_000)}end`
    const merged = rebaseDraft(replyWith(blank), replyWith(`start${blank}`, 2), { text: `${blank}ing` })
    expect(merged.draft).toEqual({ text: `start${blank}ing` })
    const numbered = Array.from({ length: 6_000 }, (_, i) => `"line ${i}": ${i},`).join('\n')
    const reversed = numbered.split('\n').reverse().join('\n')
    const edited = `${numbered}\n"mine": 1`
    expect(rebaseDraft(replyWith(numbered), replyWith(reversed, 2), { text: edited })).toEqual({ draft: {}, merged: [], setAside: { text: edited } })
    // A text past 256,000 characters is not split into lines at all.
    const huge = 'x\n'.repeat(130_000)
    expect(rebaseDraft(replyWith(huge), replyWith(`y\n${huge}`, 2), { text: `${huge}z` }).setAside).toEqual({ text: `${huge}z` })
  })

  it('sets aside a field’s edit when the backend changed that field, and keeps the others', () => {
    if (invoice.kind !== 'field-verification') throw new Error('no invoice')
    const [first, second] = invoice.proposal.fields
    const revised = caseSchema.parse({ ...invoice, revision: 2, proposal: { ...invoice.proposal, fields: invoice.proposal.fields.map((field) => (field === first ? { ...field, value: `${field.value}9` } : field)) } })
    const draft = { [`fields.${first!.name}`]: 'mine', [`fields.${second!.name}`]: 'also mine' }
    expect(rebaseDraft(invoice, revised, draft)).toEqual({ draft: { [`fields.${second!.name}`]: 'also mine' }, merged: [], setAside: { [`fields.${first!.name}`]: 'mine' } })
  })

  it('sets aside a merge’s choice of a record whose value the backend changed, though the choice is the same', () => {
    const merge = generated.find((c) => c.kind === 'record-merge')!
    if (merge.kind !== 'record-merge') throw new Error('no merge')
    const [kept, other] = merge.proposal.records
    const field = Object.keys(other!.fields)[0]!
    const draft = { [`survivors.${field}`]: other!.id }
    const withValue = (value: string, revision: number) =>
      caseSchema.parse({ ...merge, revision, proposal: { ...merge.proposal, records: [kept, { ...other, fields: { ...other!.fields, [field]: value } }] } })
    expect(rebaseDraft(merge, withValue(other!.fields[field]!, 2), draft)).toEqual({ draft, merged: [], setAside: {} })
    expect(rebaseDraft(merge, withValue('changed@example.com', 2), draft)).toEqual({ draft: {}, merged: [], setAside: draft })
  })
})
