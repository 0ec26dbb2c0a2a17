import type { Outcome } from '../../../shared/domain/decision'

/**
 * Each recorded outcome as every screen names it, in the past tense of what the reviewer did:
 * the status bar's last decision, the audit trail, a case's history. `retract` is what `u` records.
 */
export const OUTCOME_WORDS: Record<Outcome, string> = {
  approve: 'Approved',
  'approve-with-edits': 'Approved with edits',
  reject: 'Rejected',
  'choose-option': 'Chose',
  reroute: 'Rerouted',
  defer: 'Deferred',
  'needs-info': 'Asked for info',
  retract: 'Undone',
  'take-over': 'Taken over'
}
