import type { Case } from './case'
import type { DecisionRequest } from './decision'

/**
 * Whether approving (`a`) is an answer a case offers as it stands. An option with `via: "approve"`
 * and `requiresEdit` is taken by `a` only once the proposal is edited: a LangGraph tool call its
 * tool lets be edited or rejected, but not accepted as proposed. A case whose approve-key options
 * all require an edit takes no plain approval; any other case takes `a` as ever.
 *
 * Returns null when `outcome` is offered, else why not, for the reviewer: `This request takes no
 * plain acceptance: edit the proposal first (e), then a. Its answers are “Edit the arguments, then
 * accept”, “Reject with a reason”.`
 */
export function refusedAnswer(reviewCase: Pick<Case, 'options'>, outcome: DecisionRequest['outcome'], edited: boolean): string | null {
  if (outcome !== 'approve' || edited) return null
  const approving = reviewCase.options.filter((option) => option.via === 'approve')
  if (approving.length === 0 || approving.some((option) => !option.requiresEdit)) return null
  const offered = reviewCase.options.map((option) => `“${option.label}”`).join(', ')
  return `This request takes no plain acceptance: edit the proposal first (e), then a. Its answers are ${offered}.`
}
