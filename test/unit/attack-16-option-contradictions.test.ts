import { expect, it } from 'vitest'
import { caseSchema, type Case } from '../../shared/domain/case'
import { confirmationPrompt } from '../../shared/domain/option-effect'
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
