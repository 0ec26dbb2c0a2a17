import type { Case } from '../../../shared/domain/case'
import type { DecisionRecord } from '../../../shared/domain/decision'
import { optionEffect } from '../../../shared/domain/option-effect'
import type { OutcomeClass } from '../../../shared/ipc/insight-views'

/** The field a classification's other category corrects, as "Fields reviewers correct most" names it. */
export const CLASSIFICATION_LABEL_FIELD = 'label'

type Decided = Pick<DecisionRecord, 'outcome' | 'optionId' | 'edits'>

/**
 * How a decision counts in insights' outcome mix, given the case it was made on:
 * - `approve`: the proposal went as the automation proposed it (`a`, or its recommended option), unedited;
 * - `edit`: the reviewer changed it: edited fields, another category for a classification, or
 *   another option that still lets the action go ahead (an exception made a one-off, not a rule);
 * - `reject`, `reroute`: as recorded;
 * - `other`: deferred, asked for information, or another option that stops or holds the action
 *   (`optionEffect(…).actsOnProposal` false: "Hold for the team lead").
 * An option id the case no longer lists counts as `other`. Migration 0014 applies the same rules
 * to the facts stored before it.
 */
export function outcomeClass(decided: Decided, reviewCase: Case): OutcomeClass {
  const edited = decided.edits.length > 0
  switch (decided.outcome) {
    case 'approve':
    case 'approve-with-edits':
      return edited ? 'edit' : 'approve'
    case 'reject':
    case 'reroute':
      return decided.outcome
    case 'choose-option': {
      const option = reviewCase.options.find((candidate) => candidate.id === decided.optionId)
      if (!option) return 'other'
      if (option.recommended) return edited ? 'edit' : 'approve'
      return reviewCase.kind === 'classification' || optionEffect(reviewCase, option).actsOnProposal ? 'edit' : 'other'
    }
    default:
      return 'other'
  }
}

/**
 * The proposal fields a decision corrected, for "Fields reviewers correct most": each edited
 * field, or, for a classification given another category than the one suggested, its label.
 */
export function correctedFields(decided: Decided, reviewCase: Case): string[] {
  if (reviewCase.kind === 'classification' && decided.outcome === 'choose-option' && outcomeClass(decided, reviewCase) === 'edit') return [CLASSIFICATION_LABEL_FIELD]
  return decided.edits.map((edit) => edit.field)
}
