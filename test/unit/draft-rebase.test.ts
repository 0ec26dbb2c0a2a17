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

  it('sets aside a field’s edit when the backend changed that field, and keeps the others', () => {
    if (invoice.kind !== 'field-verification') throw new Error('no invoice')
    const [first, second] = invoice.proposal.fields
    const revised = caseSchema.parse({ ...invoice, revision: 2, proposal: { ...invoice.proposal, fields: invoice.proposal.fields.map((field) => (field === first ? { ...field, value: `${field.value}9` } : field)) } })
    const draft = { [`fields.${first!.name}`]: 'mine', [`fields.${second!.name}`]: 'also mine' }
    expect(rebaseDraft(invoice, revised, draft)).toEqual({ draft: { [`fields.${second!.name}`]: 'also mine' }, merged: [], setAside: { [`fields.${first!.name}`]: 'mine' } })
  })
})
