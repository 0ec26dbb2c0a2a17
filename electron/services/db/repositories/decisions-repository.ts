import type { DecisionRecord, Outcome } from '../../../../shared/domain/decision'
import type { AuditListItem } from '../../../../shared/ipc/audit-views'
import type { Db } from '../connection'
import { parseStoredJson } from '../../../../shared/json/exact-json'

/** One record of the log as stored: the record itself, its hash (the chain link) and its JWS (null before decisions were signed). */
export interface StoredDecision {
  seq: number
  id: string
  casePk: number
  record: DecisionRecord
  recordHash: string
  jws: string | null
}

interface DecisionRecordRow {
  seq: number
  id: string
  case_pk: number
  record: string
  record_hash: string
  jws: string | null
}

const toStored = (row: DecisionRecordRow): StoredDecision => ({
  seq: row.seq,
  id: row.id,
  casePk: row.case_pk,
  record: parseStoredJson(row.record) as DecisionRecord,
  recordHash: row.record_hash,
  jws: row.jws
})

/** The append-only decision log (see migration 0002). */
export class DecisionsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      append: db.prepare(
        `INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash, jws)
         VALUES (@id, @casePk, @outcome, @decidedAt, @record, @recordHash, @prevHash, @jws)`
      ),
      addOptionLabel: db.prepare<[string, string]>('INSERT INTO decision_option_labels (decision_id, label) VALUES (?, ?)'),
      optionLabels: db.prepare<[number], { id: string; label: string }>(
        'SELECT l.decision_id AS id, l.label FROM decision_option_labels l JOIN decisions d ON d.id = l.decision_id WHERE d.case_pk = ?'
      ),
      head: db.prepare<[], { record_hash: string }>('SELECT record_hash FROM decisions ORDER BY seq DESC LIMIT 1'),
      // The newest decision that is neither a retraction nor already retracted.
      lastUndoable: db.prepare<[], { record: string; case_pk: number }>(
        `SELECT d.record, d.case_pk FROM decisions d
         WHERE d.outcome != 'retract'
           AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.outcome = 'retract' AND json_extract(r.record, '$.retracts') = d.id)
         ORDER BY d.seq DESC LIMIT 1`
      ),
      all: db.prepare<[], DecisionRecordRow>('SELECT seq, id, case_pk, record, record_hash, jws FROM decisions ORDER BY seq'),
      forCase: db.prepare<[number], DecisionRecordRow>('SELECT seq, id, case_pk, record, record_hash, jws FROM decisions WHERE case_pk = ? ORDER BY seq'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM decisions'),
      // Newest first, with the case it decided and where it stands with its backend.
      // The record names a chosen option by its id; its label as shown is kept beside it (migration 0015).
      page: db.prepare<
        [number, number],
        {
          seq: number
          id: string
          case_pk: number
          case_id: string
          title: string
          outcome: Outcome
          option_id: string | null
          option_label: string | null
          decided_at: string
          state: string | null
        }
      >(
        `SELECT d.seq, d.id, d.case_pk, c.id AS case_id, c.title, d.outcome, d.decided_at, o.state,
           json_extract(d.record, '$.optionId') AS option_id, l.label AS option_label
         FROM decisions d JOIN cases c ON c.pk = d.case_pk LEFT JOIN outbox o ON o.decision_id = d.id
           LEFT JOIN decision_option_labels l ON l.decision_id = d.id
         ORDER BY d.seq DESC LIMIT ? OFFSET ?`
      )
    }
  }

  /** The hash of the newest record: the head of this device's chain. */
  headHash(): string | null {
    return this.statements.head.get()?.record_hash ?? null
  }

  /**
   * Appends a record to the log; `optionLabel` is the chosen option's label as the case showed it
   * (kept beside the record, which names the option by id), null when no option was chosen.
   */
  append(casePk: number, record: DecisionRecord, recordJson: string, recordHash: string, jws: string, optionLabel: string | null = null): void {
    this.statements.append.run({
      jws,
      id: record.id,
      casePk,
      outcome: record.outcome,
      decidedAt: record.decidedAt,
      record: recordJson,
      recordHash,
      prevHash: record.prevHash
    })
    if (optionLabel !== null) this.statements.addOptionLabel.run(record.id, optionLabel)
  }

  /** The labels of the options chosen by decisions on a case, as shown when decided, by decision id. */
  optionLabels(casePk: number): Map<string, string> {
    return new Map(this.statements.optionLabels.all(casePk).map((row) => [row.id, row.label]))
  }

  lastUndoable(): { record: DecisionRecord; casePk: number } | undefined {
    const row = this.statements.lastUndoable.get()
    return row && { record: parseStoredJson(row.record) as DecisionRecord, casePk: row.case_pk }
  }

  /** The whole log, oldest first. */
  all(): StoredDecision[] {
    return this.statements.all.all().map(toStored)
  }

  /** Everything decided on one case, oldest first. */
  forCase(casePk: number): StoredDecision[] {
    return this.statements.forCase.all(casePk).map(toStored)
  }

  count(): number {
    return this.statements.count.get()!.n
  }

  /** One page of the log for the audit screen, newest first. */
  page(offset: number, limit: number): AuditListItem[] {
    return this.statements.page.all(limit, offset).map((row) => ({
      seq: row.seq,
      decisionId: row.id,
      casePk: row.case_pk,
      caseId: row.case_id,
      caseTitle: row.title,
      outcome: row.outcome,
      optionId: row.option_id,
      optionLabel: row.option_label,
      decidedAt: row.decided_at,
      delivery: row.state
    }))
  }
}
