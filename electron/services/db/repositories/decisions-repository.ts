import type { DecisionRecord } from '../../../../shared/domain/decision'
import type { Db } from '../connection'

export interface StoredDecision {
  seq: number
  record: DecisionRecord
  recordHash: string
}

/** The append-only decision log (see migration 0002). */
export class DecisionsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      append: db.prepare(
        `INSERT INTO decisions (id, case_pk, outcome, decided_at, record, record_hash, prev_hash, jws)
         VALUES (@id, @casePk, @outcome, @decidedAt, @record, @recordHash, @prevHash, @jws)`
      ),
      head: db.prepare<[], { record_hash: string }>('SELECT record_hash FROM decisions ORDER BY seq DESC LIMIT 1'),
      // The newest decision that is neither a retraction nor already retracted.
      lastUndoable: db.prepare<[], { record: string; case_pk: number }>(
        `SELECT d.record, d.case_pk FROM decisions d
         WHERE d.outcome != 'retract'
           AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.outcome = 'retract' AND json_extract(r.record, '$.retracts') = d.id)
         ORDER BY d.seq DESC LIMIT 1`
      ),
      forCase: db.prepare<[number], { seq: number; record: string; record_hash: string }>(
        'SELECT seq, record, record_hash FROM decisions WHERE case_pk = ? ORDER BY seq'
      )
    }
  }

  /** The hash of the newest record: the head of this device's chain. */
  headHash(): string | null {
    return this.statements.head.get()?.record_hash ?? null
  }

  append(casePk: number, record: DecisionRecord, recordJson: string, recordHash: string, jws: string): void {
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
  }

  lastUndoable(): { record: DecisionRecord; casePk: number } | undefined {
    const row = this.statements.lastUndoable.get()
    return row && { record: JSON.parse(row.record) as DecisionRecord, casePk: row.case_pk }
  }

  forCase(casePk: number): StoredDecision[] {
    return this.statements.forCase.all(casePk).map((row) => ({
      seq: row.seq,
      record: JSON.parse(row.record) as DecisionRecord,
      recordHash: row.record_hash
    }))
  }
}
