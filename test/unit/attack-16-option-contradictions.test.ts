import { expect, it } from 'vitest'
import { caseSchema, type Case } from '../../shared/domain/case'
import { confirmationPrompt, irreversibleChoices } from '../../shared/domain/option-effect'
import { generateCases } from '../fixtures/case-generator'

// Attack on issue 16 ("each option says what it does"): a backend states facts that contradict the
// case's own risk class. `actsOnProposal` means "lets the proposed action go through, as approving
// does" (resources/bundle-format/README.md); approving this case is irreversible and reaches the
// public, so approving asks twice. An option stating it carries the same action out but is
// reversible and needs no confirmation is recorded on one press: the case says the action cannot
// be undone, and the reviewer is never asked. The contradiction should be refused as an invalid
// case, or resolved towards asking (as the default for options without facts already errs).

const [textApproval] = generateCases({ count: 1, seed: 5 }) as [Case]

it('an option that carries out an irreversible, public action is confirmed whatever its flags claim', () => {
  const reviewCase = caseSchema.parse({
    ...textApproval,
    risk: { ...textApproval.risk, reversible: false, audience: 'public' },
    options: [{ id: 'post-now', label: 'Post it', effect: { actsOnProposal: true, needsConfirmation: false, irreversible: false } }]
  })
  expect(confirmationPrompt(reviewCase, { outcome: 'approve' })).toMatch(/^This cannot be undone/)
  expect(confirmationPrompt(reviewCase, { outcome: 'choose-option', optionId: 'post-now' })).not.toBeNull()
})

// Attack on the trust round: an option taken with the reject key that states it is final was
// warned of as "cannot be undone" yet recorded as a plain rejection, unconfirmed; one taken with
// the approve key that stops the proposal contradicts itself too. Both are refused, saying which.
it('an option whose effect contradicts the key that takes it is refused, naming the option', () => {
  const withOption = (option: unknown) => caseSchema.safeParse({ ...textApproval, options: [option] })
  const purge = withOption({ id: 'purge', label: 'Reject and purge the thread', via: 'reject', effect: { actsOnProposal: false, needsConfirmation: true, irreversible: true } })
  expect(purge.success).toBe(false)
  expect(purge.error!.issues[0]!.message).toBe('option "purge" is taken with the reject key (via "reject"), which records a rejection: its effect cannot act on the proposal, ask for confirmation or be irreversible')
  expect(withOption({ id: 'hold', label: 'Hold', via: 'approve', effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } }).error!.issues[0]!.message).toMatch(/^option "hold" is taken with the approve key/)
  expect(withOption({ id: 'decline', label: 'Decline', via: 'reject', effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } }).success).toBe(true)
  // On the other kinds a number records its own option and via means nothing: nothing to contradict.
  const [classification] = generateCases({ count: 12, seed: 5 }).filter((generated) => generated.kind === 'classification')
  const marked = classification!.options.map((option) => ({ ...option, via: 'approve', effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } }))
  expect(caseSchema.safeParse({ ...classification, options: marked }).success).toBe(true)
})

it('a recommended option that is final makes a final on a reversible case: the prompt asks, as the warning says', () => {
  const reviewCase = caseSchema.parse({
    ...textApproval,
    risk: { ...textApproval.risk, reversible: true, audience: 'internal' },
    options: [
      { id: 'send', label: 'Send the reply', recommended: true, effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } },
      { id: 'hold', label: 'Hold', effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } }
    ]
  })
  expect(confirmationPrompt(reviewCase, { outcome: 'approve' })).toMatch(/^This cannot be undone/)
  expect(irreversibleChoices(reviewCase)).toMatchObject({ approving: true, carryingOut: [], steeredToThem: true })
})

it('a merge’s options, which no number key chooses there (numbers pick a record’s value), are not named as choices in its warning', () => {
  const merge = generateCases({ count: 12, seed: 5 }).find((generated) => generated.kind === 'record-merge')!
  const reviewCase = caseSchema.parse({
    ...merge,
    risk: { ...merge.risk, reversible: true },
    options: [
      { id: 'keep-both', label: 'Keep both', recommended: true, effect: { actsOnProposal: false, needsConfirmation: false, irreversible: false } },
      { id: 'merge', label: 'Merge as suggested', effect: { actsOnProposal: true, needsConfirmation: true, irreversible: true } }
    ]
  })
  expect(irreversibleChoices(reviewCase)).toMatchObject({ carryingOut: [], finalOfTheirOwn: [] })
})

it('two extracted fields of one name, or two merge records of one id, are refused: an edit of one would be an edit of both', () => {
  const [invoice, merge] = (['field-verification', 'record-merge'] as const).map((kind) => generateCases({ count: 12, seed: 5 }).find((generated) => generated.kind === kind)!)
  if (invoice!.kind !== 'field-verification' || merge!.kind !== 'record-merge') throw new Error('kinds')
  const fields = [...invoice!.proposal.fields, { name: invoice!.proposal.fields[0]!.name, label: 'Late fee (EUR)', value: '15.00' }]
  expect(caseSchema.safeParse({ ...invoice, proposal: { fields } }).error!.issues[0]!.message).toBe(`duplicate field name "${invoice!.proposal.fields[0]!.name}"`)
  const records = [merge!.proposal.records[0], { ...merge!.proposal.records[1], id: merge!.proposal.records[0]!.id }]
  expect(caseSchema.safeParse({ ...merge, proposal: { ...merge!.proposal, records } }).error!.issues.map((issue) => issue.message)).toContain(`duplicate record id "${merge!.proposal.records[0]!.id}"`)
})
