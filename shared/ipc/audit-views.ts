import type { DecisionRecord, Outcome } from '../domain/decision'

/** One row of the workstation's decision log, newest first. */
export interface AuditListItem {
  seq: number
  decisionId: string
  casePk: number
  caseId: string
  caseTitle: string
  outcome: Outcome
  /** The option chosen (its id, as the record names it); null for other outcomes. */
  optionId: string | null
  /** The chosen option's label as the case showed it when decided; null when none was chosen or it is not known (decided before the app kept it, on a revision since replaced). */
  optionLabel: string | null
  decidedAt: string
  /** Where the decision stands with its backend (see the outbox). */
  delivery: string | null
}

export interface AuditPage {
  total: number
  offset: number
  items: AuditListItem[]
}

export interface SignatureStatus {
  status: 'valid' | 'invalid' | 'unsigned'
  kid: string | null
  fingerprint: string | null
  detail: string | null
}

/** Everything decided on one case, oldest first, each with its signature checked. */
export interface CaseHistory {
  casePk: number
  caseId: string
  caseTitle: string
  /**
   * `optionLabel` as in AuditListItem (the option's id is the record's `optionId`); `reasonLabel`
   * the reject reason as the reject picker named it (the case's reasons, else the default ones),
   * or null when the record has none or the case no longer lists its code; `rerouteLabel` the
   * reroute target's label as its backend lists it (the record keeps its id), or null.
   */
  entries: { record: DecisionRecord; optionLabel: string | null; reasonLabel: string | null; rerouteLabel: string | null; recordHash: string; signature: SignatureStatus; delivery: string | null }[]
}

export interface ChainStatus {
  ok: boolean
  count: number
  headHash: string | null
  /** The first bad record, when not ok. */
  problem: { line: number; decisionId: string | null; reason: string } | null
}

export interface SigningKeyView {
  kid: string
  fingerprint: string
  createdAt: string
  retiredAt: string | null
}
