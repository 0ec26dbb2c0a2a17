import type { Case } from '../../../../shared/domain/case'
import type { DecisionRecord } from '../../../../shared/domain/decision'
import { correctedFields, outcomeClass } from '../../insights/outcome-class'
import type { Db } from '../connection'

/** The facts insights aggregate over: one row per standing decision (see migration 0007). */
export class DecisionFactsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      add: db.prepare(
        `INSERT INTO decision_facts (decision_id, case_pk, kind, workflow, rule, outcome, outcome_class, reviewer, decided_at, time_on_task_ms, edited_fields)
         VALUES (@id, @casePk, @kind, @workflow, @rule, @outcome, @outcomeClass, @reviewer, @decidedAt, @timeOnTask, @editedFields)`
      ),
      remove: db.prepare<[string]>('DELETE FROM decision_facts WHERE decision_id = ?')
    }
  }

  /** Records the facts of a decision made on `reviewCase` (its class and corrected fields depend on the case's options). */
  add(casePk: number, record: DecisionRecord, reviewCase: Case): void {
    const decidedAt = Date.parse(record.decidedAt)
    this.statements.add.run({
      id: record.id,
      casePk,
      kind: record.kind,
      workflow: record.provenance.workflow.name,
      rule: reviewCase.pauseReason.rule ?? null,
      outcome: record.outcome,
      outcomeClass: outcomeClass(record, reviewCase),
      reviewer: record.reviewer,
      decidedAt,
      timeOnTask: Math.max(0, decidedAt - Date.parse(record.openedAt)),
      editedFields: JSON.stringify(correctedFields(record, reviewCase))
    })
  }

  /** A retracted decision no longer counts. */
  remove(decisionId: string): void {
    this.statements.remove.run(decisionId)
  }
}
