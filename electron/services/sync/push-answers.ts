import { countOf } from '../../../shared/text/plural'
import type { DecisionEnvelope } from '../../../shared/review-api/protocol'
import type { AdapterPushResult } from '../backends/backend-adapter'
import { canonicalId } from '../backends/ids'

export interface MatchedAnswers {
  /** One result per envelope the backend answered for exactly once, keyed by the envelope's id. */
  results: Map<string, AdapterPushResult>
  /** Why the answer does not match what was sent, or null if it does. */
  mismatch: string | null
}

/**
 * Matches a push answer to the decisions sent, by decision id (UUIDs compared per RFC 9562, see
 * backends/ids.ts). A decision answered more than once, or not at all, counts as unanswered; a
 * result for a decision that was not sent is ignored. Any of these makes the answer a mismatch.
 */
export function matchPushAnswers(backendName: string, envelopes: readonly DecisionEnvelope[], answers: readonly AdapterPushResult[]): MatchedAnswers {
  const sent = new Map(envelopes.map((envelope) => [canonicalId(envelope.id), envelope.id]))
  const byId = new Map<string, AdapterPushResult[]>()
  let unknown = 0
  for (const answer of answers) {
    const id = sent.get(canonicalId(answer.decisionId))
    if (id === undefined) unknown += 1
    else byId.set(id, [...(byId.get(id) ?? []), { ...answer, decisionId: id }])
  }
  const results = new Map<string, AdapterPushResult>()
  let missing = 0
  let repeated = 0
  for (const id of sent.values()) {
    const answered = byId.get(id) ?? []
    if (answered.length === 1) results.set(id, answered[0]!)
    else if (answered.length === 0) missing += 1
    else repeated += 1
  }
  const problems = [
    missing > 0 ? `no answer for ${missing} of ${countOf(envelopes.length, 'decision')}` : null,
    repeated > 0 ? `${repeated} answered more than once` : null,
    unknown > 0 ? `${countOf(unknown, 'answer')} for decisions it was not sent` : null
  ].filter((problem): problem is string => problem !== null)
  const mismatch = problems.length === 0 ? null : `${backendName} broke the sync protocol: its answer does not match the decisions sent (${problems.join('; ')}).`
  return { results, mismatch }
}
