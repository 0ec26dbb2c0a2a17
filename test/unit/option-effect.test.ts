import { describe, expect, it } from 'vitest'
import { caseSchema, type Case } from '../../shared/domain/case'
import { approveKeyChoice, approveKeyGives, confirmationPrompt, decisionEffect, irreversibleChoices, optionEffect } from '../../shared/domain/option-effect'
import { editsSentence } from '../../shared/domain/proposal-fields'
import { generateCases } from '../fixtures/case-generator'

const [textApproval, classification] = generateCases({ count: 2, seed: 5 }) as [Case, Case]

/** A text-approval case from a backend whose options have names the demo never uses. */
function caseWith(options: unknown[], risk: Partial<Case['risk']> = {}): Case {
  return caseSchema.parse({ ...textApproval, options, risk: { ...textApproval.risk, ...risk } })
}

describe('what an option does', () => {
  it('is what the case states, whatever the option is called', () => {
    const reviewCase = caseWith([
      { id: 'dispatch', label: 'Dispatch the courier', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } },
      { id: 'park', label: 'Park it', effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } },
      { id: 'send', label: 'Send to the internal wiki', effect: { actsOnProposal: true, needsConfirmation: false, irreversible: false } }
    ])
    expect(reviewCase.options.map((option) => optionEffect(reviewCase, option).irreversible)).toEqual([true, false, true])
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'dispatch' })).toMatch(/^This cannot be undone: /)
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'park' })).toBeNull()
    // 'send' states it carries the proposal out but is reversible and needs no confirmation; the
    // case's risk class says that action cannot be undone, and the risk class wins (PRODUCT.md).
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'send' })).toMatch(/^This cannot be undone: /)
  })

  it('the options that carry out an irreversible action are named by the case’s warning; a recommended holding option is not one', () => {
    const reviewCase = caseWith(
      [
        { id: 'refuse', label: 'Refuse (offer store credit)', recommended: true, effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } },
        { id: 'one-off', label: 'Approve as a one-off', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } },
        // Reversible by its own flags, but it carries out the action the risk class calls final.
        { id: 'rule', label: 'Make it a rule', effect: { actsOnProposal: true, needsConfirmation: false, irreversible: false } }
      ],
      { reversible: false }
    )
    expect(irreversibleChoices(reviewCase).carryingOut.map((option) => option.id)).toEqual(['one-off', 'rule'])
    // Approving is the only way to carry out a case without options.
    expect(irreversibleChoices(caseWith([], { reversible: false }))).toMatchObject({ approving: true, carryingOut: [], finalOfTheirOwn: [], steeredToThem: true })
  })

  it('which choices a warning must name: none when the approve key and the recommendation both carry the action out; else approving and the acting options', () => {
    const send = { id: 'send', label: 'Send', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } }
    const hold = { id: 'hold', label: 'Hold', effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } }
    const final = { reversible: false }
    // A reply recommending Send: a approves, which is what Send does.
    const sends = caseWith([{ ...send, recommended: true }, hold], final)
    expect(irreversibleChoices(sends)).toMatchObject({ approving: true, steeredToThem: true })
    expect(sends.options.map((option) => approveKeyGives(sends, option))).toEqual([true, false])
    // A reply recommending Hold: a still approves, irreversibly; the warning names approving and Send.
    const holds = caseWith([send, { ...hold, recommended: true }], final)
    const choices = irreversibleChoices(holds)
    expect([choices.approving, choices.carryingOut.map((option) => option.id), choices.steeredToThem]).toEqual([true, ['send'], false])
    expect(holds.options.map((option) => approveKeyGives(holds, option))).toEqual([false, false])
    // An exception: a chooses the recommended option.
    const template = generateCases({ count: 12, seed: 5 }).find((generated) => generated.kind === 'exception')!
    const exception = (options: unknown[]) => caseSchema.parse({ ...template, risk: { ...template.risk, ...final }, options })
    const refundOnce = { ...send, id: 'one-off', label: 'Approve as a one-off' }
    const refuse = { ...hold, id: 'refuse', label: 'Refuse' }
    const refuses = exception([refundOnce, { ...refuse, recommended: true }])
    expect(irreversibleChoices(refuses)).toMatchObject({ approving: false, steeredToThem: false })
    expect(irreversibleChoices(refuses).carryingOut.map((option) => option.id)).toEqual(['one-off'])
    expect(refuses.options.map((option) => approveKeyGives(refuses, option))).toEqual([false, true])
    expect(irreversibleChoices(exception([{ ...refundOnce, recommended: true }, refuse]))).toMatchObject({ steeredToThem: true })

    // A recommended option final for a reason of its own (it carries nothing out, and cannot be
    // undone): the warning names it too, as the prompt of its key does.
    const close = { id: 'close', label: 'Refuse and close the account for good', recommended: true, effect: { actsOnProposal: false, needsConfirmation: true, irreversible: true } }
    const closes = exception([refundOnce, close])
    expect(irreversibleChoices(closes)).toMatchObject({ approving: false, steeredToThem: false })
    expect(irreversibleChoices(closes).finalOfTheirOwn.map((option) => option.id)).toEqual(['close'])
    expect(confirmationPrompt(closes, approveKeyChoice(closes))).toMatch(/^This cannot be undone: “Refuse and close the account for good” is final/)
    // An exception without options: a approves it, irreversibly, as the prompt says.
    const bare = exception([])
    expect(approveKeyChoice(bare)).toEqual({ outcome: 'approve' })
    expect(irreversibleChoices(bare)).toMatchObject({ approving: true, steeredToThem: true })
    // A reversible risk class, with an option whose own flags make it final: named.
    const flagged = caseWith([{ ...send, id: 'wire', label: 'Wire it now' }, hold], { reversible: true })
    expect(irreversibleChoices(flagged)).toMatchObject({ approving: false, steeredToThem: false })
    expect(irreversibleChoices(flagged).carryingOut.map((option) => option.id)).toEqual(['wire'])
  })

  it('an option marked as meaning approval brings its own flags to approving: the prompt of a and the warning agree', () => {
    const wire = { id: 'wire', label: 'Wire it now', via: 'approve', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } }
    const reviewCase = caseWith([wire, { id: 'hold', label: 'Hold', via: 'reject' }], { reversible: true, audience: 'internal' })
    expect(decisionEffect(reviewCase, { outcome: 'approve' })).toEqual({ actsOnProposal: true, needsConfirmation: true, irreversible: true })
    expect(confirmationPrompt(reviewCase, { outcome: 'approve' })).toMatch(/^This cannot be undone: /)
    expect(irreversibleChoices(reviewCase)).toMatchObject({ approving: true, carryingOut: [], steeredToThem: true })
    // On an exception a chooses an option, so an option marked so is an option like the others.
    const template = generateCases({ count: 12, seed: 5 }).find((generated) => generated.kind === 'exception')!
    const exception = caseSchema.parse({ ...template, risk: { ...template.risk, reversible: true, audience: 'internal' }, options: [{ id: 'refuse', label: 'Refuse', recommended: true }, wire] })
    expect(exception.options.map((option) => approveKeyGives(exception, option))).toEqual([true, false])
    expect(confirmationPrompt(exception, approveKeyChoice(exception))).toBeNull()
  })

  it('ends its confirmation with what the option itself does, in the case’s words', () => {
    const reviewCase = caseWith(
      [
        { id: 'rule', label: 'Approve and make it a rule', description: 'Also adds the rule to the policy.', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } },
        { id: 'one-off', label: 'Approve as a one-off', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } }
      ],
      { reversible: false, irreversibleEffect: '€352.00 is refunded to Mateo Novak, and cannot be recalled.' }
    )
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'rule' })).toBe(
      'This cannot be undone: €352.00 is refunded to Mateo Novak, and cannot be recalled. Also adds the rule to the policy.'
    )
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'one-off' })).toBe('This cannot be undone: €352.00 is refunded to Mateo Novak, and cannot be recalled.')
  })

  it('says what the reviewer’s edits changed after the case’s words about the proposal as sent, for choices that carry it out', () => {
    const invoice = generateCases({ count: 12, seed: 5 }).find((generated) => generated.kind === 'field-verification')!
    if (invoice.kind !== 'field-verification') throw new Error('no invoice')
    const reviewCase = caseSchema.parse({ ...invoice, risk: { ...invoice.risk, reversible: false, irreversibleEffect: '€352.00 is paid to Acme.' }, options: [{ id: 'hold', label: 'Hold', via: 'reject' }] })
    const [first, second] = reviewCase.kind === 'field-verification' ? reviewCase.proposal.fields : []
    const edited = { [`fields.${first!.name}`]: '325.00', [`fields.${second!.name}`]: second!.value, [`fields.${'x'.repeat(3)}`]: 'not a field' }
    expect(confirmationPrompt(reviewCase, { outcome: 'approve' }, edited)).toBe(`This cannot be undone: €352.00 is paid to Acme. Your edits go with it: “${first!.label}” from “${first!.value}” to “325.00”. The case's own text above still quotes the proposal as sent.`)
    // Unchanged values and paths the case does not have say nothing; a long value is cut.
    expect(confirmationPrompt(reviewCase, { outcome: 'approve' }, { [`fields.${second!.name}`]: second!.value })).toBe('This cannot be undone: €352.00 is paid to Acme.')
    expect(confirmationPrompt(reviewCase, { outcome: 'approve' }, { [`fields.${first!.name}`]: '9'.repeat(60) })).toMatch(/ to “9{40}…”, with more changed after it\. /)
    // Long values that differ late are quoted from near where they differ, never cut inside a character.
    const address = 'ACME Logistics B.V., Harbour Street 12, 1011 AB Amsterdam 💳'
    const long = caseSchema.parse({ ...reviewCase, proposal: { fields: invoice.proposal.fields.map((field) => (field.name === first!.name ? { ...field, value: address } : field)) } })
    expect(confirmationPrompt(long, { outcome: 'approve' }, { [`fields.${first!.name}`]: address.replace('1011 AB', '1012 CD') })).toContain('from “…et 12, 1011 AB Amsterdam 💳” to “…et 12, 1012 CD Amsterdam 💳”. ')
    // A second change past the part quoted is said to be there (a name, then a city).
    const moved = address.replace('ACME', 'ACNE').replace('Amsterdam', 'Rotterdam')
    expect(confirmationPrompt(long, { outcome: 'approve' }, { [`fields.${first!.name}`]: moved })).toContain('to “ACNE Logistics B.V., Harbour Street 12, …”, with more changed after it. ')
    const reply = caseWith([], { reversible: false, irreversibleEffect: 'The email is sent.' })
    const sent = reply.kind === 'text-approval' ? reply.proposal.text : ''
    const breaks = (text: string) => text.replace(/\r\n|\r|\n/g, '↵')
    // A draft's change is quoted too, where it begins (a digit typed at its start), its line breaks
    // shown; both quotes end at the same word.
    expect(confirmationPrompt(reply, { outcome: 'approve' }, { text: `2${sent}` })).toBe(
      `This cannot be undone: The email is sent. Your edits go with it: the draft, line 1, from “${breaks(Array.from(sent).slice(0, 39).join(''))}…” to “2${breaks(Array.from(sent).slice(0, 39).join(''))}…”. The case's own text above still quotes the proposal as sent.`
    )
    // A second change past the part quoted is said to be there.
    expect(editsSentence(reply, { text: `2${sent}!` })).toMatch(/^Your edits go with it: the draft, line 1, from “[^”]+” to “2[^”]+”, with more changed after it\. /)
    // One change only: nothing said of more.
    const lines = 'Dear Mateo,\nYour refund of €352.00 is on its way.\nIt should reach you within 3–5 working days.\nKind regards'
    const short = caseSchema.parse({ ...reply, proposal: { ...textApproval.proposal, text: lines } })
    expect(editsSentence(short, { text: lines.replace('3–5', '5–7') })).toBe(
      "Your edits go with it: the draft, line 3, from “…ou within 3–5 working days.↵Kind regards” to “…ou within 5–7 working days.↵Kind regards”. The case's own text above still quotes the proposal as sent."
    )
  })

  it('takes an option that carries the proposal out at its word on a reversible, internal case', () => {
    const reviewCase = caseWith([{ id: 'send', label: 'Send to the internal wiki', effect: { actsOnProposal: true, needsConfirmation: false, irreversible: false } }], {
      reversible: true,
      audience: 'internal'
    })
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'send' })).toBeNull()
    const customer = caseWith(reviewCase.options, { reversible: true, audience: 'customer' })
    expect(confirmationPrompt(customer, { outcome: 'choose-option', optionId: 'send' })).toBe('This goes to the customer.')
  })

  it('confirms an option that asks for it though reversible and internal, naming it', () => {
    const reviewCase = caseWith([{ id: 'page-on-call', label: 'Page the on-call engineer', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: false } }], {
      reversible: true,
      audience: 'internal'
    })
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'page-on-call' })).toBe('Confirm “Page the on-call engineer”.')
  })

  it('speaks for an irreversible option that does not carry the proposal out, not with the risk class’s words', () => {
    const reviewCase = caseWith([{ id: 'purge', label: 'Purge the draft', effect: { actsOnProposal: false, needsConfirmation: true, irreversible: true } }])
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'purge' })).toBe('This cannot be undone: “Purge the draft” is final once chosen.')
  })

  it('without stated facts (bundle v1, Review API 1.1) acts like approving unless taken with the reject key', () => {
    const reviewCase = caseWith([
      { id: 'hold', label: 'Hold for the team lead' },
      { id: 'decline', label: 'Decline', via: 'reject' }
    ])
    expect(reviewCase.risk.reversible).toBe(false)
    expect(optionEffect(reviewCase, reviewCase.options[0]!)).toEqual({ actsOnProposal: true, needsConfirmation: true, irreversible: true })
    expect(optionEffect(reviewCase, reviewCase.options[1]!)).toEqual({ actsOnProposal: false, needsConfirmation: false, irreversible: false })
  })

  it('approving follows the risk class; reject, reroute and the rest never ask twice', () => {
    expect(decisionEffect(textApproval, { outcome: 'approve' })).toEqual({ actsOnProposal: true, needsConfirmation: true, irreversible: true })
    expect(confirmationPrompt(textApproval, { outcome: 'approve' })).toBe(`This cannot be undone: ${textApproval.risk.irreversibleEffect}`)
    expect(classification.risk).toMatchObject({ reversible: true, audience: 'internal' })
    expect(confirmationPrompt(classification, { outcome: 'approve' })).toBeNull()
    for (const outcome of ['reject', 'reroute', 'defer', 'needs-info'] as const) expect(confirmationPrompt(textApproval, { outcome })).toBeNull()
    expect(decisionEffect(textApproval, { outcome: 'choose-option', optionId: 'no-such-option' }).needsConfirmation).toBe(false)
  })

  it('confirms approving an action whose risk nobody declared, and says so', () => {
    const reviewCase = caseWith([{ id: 'send', label: 'Let it run', via: 'approve', effect: { actsOnProposal: true, needsConfirmation: false, irreversible: false } }], {
      reversible: true,
      audience: 'internal',
      touchesMoney: false,
      touchesAccess: false,
      touchesLegal: false,
      irreversibleEffect: undefined,
      declared: false
    })
    expect(decisionEffect(reviewCase, { outcome: 'approve' })).toEqual({ actsOnProposal: true, needsConfirmation: true, irreversible: false })
    expect(confirmationPrompt(reviewCase, { outcome: 'approve' })).toMatch(/^Nobody declared whether this action can be undone/)
    expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'send' })).toMatch(/^Nobody declared/)
    expect(confirmationPrompt(reviewCase, { outcome: 'reject' })).toBeNull()
  })

  it('refuses declared: false beside flags that claim something, and declared: true, naming the field and what to do', () => {
    const undeclared = { reversible: true, audience: 'internal', touchesMoney: false, touchesAccess: false, touchesLegal: false, declared: false }
    const problems = (risk: Record<string, unknown>) => {
      const result = caseSchema.safeParse({ ...textApproval, risk })
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    }
    expect(problems(undeclared)).toEqual([])
    expect(problems({ ...undeclared, reversible: false, audience: 'public', irreversibleEffect: 'Sent.' })).toEqual([
      'risk.reversible: must be true with declared: false (an undeclared risk claims nothing); leave declared out to declare it',
      'risk.audience: must be "internal" with declared: false (an undeclared risk claims nothing); leave declared out to declare it',
      'risk.irreversibleEffect: must be left out with declared: false (an undeclared risk claims nothing); leave declared out to declare it'
    ])
    expect(problems({ ...undeclared, declared: true })).toEqual(['risk.declared: is false when the sender states no risk class; leave it out when the flags are declared'])
  })

  it('a stated effect must give all three facts', () => {
    const result = caseSchema.safeParse({ ...textApproval, options: [{ id: 'x', label: 'X', effect: { actsOnProposal: true } }] })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['options.0.effect.needsConfirmation', 'options.0.effect.irreversible'])
  })
})
