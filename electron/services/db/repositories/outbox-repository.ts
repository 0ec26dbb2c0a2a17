import type { UndeliveredDecision } from '../../../../shared/ipc/undelivered'
import type { DecisionEnvelope, PushItemResult } from '../../../../shared/review-api/protocol'
import type { Db } from '../connection'
import { parseStoredJson, stringifyJson } from '../../../../shared/json/exact-json'

export type OutboxState = 'pending' | 'delivered' | 'conflict' | 'rejected' | 'discarded' | 'redone' | 'local' | 'exported' | 'retracted'

export interface OutboxItem {
  decisionId: string
  workspaceId: string
  casePk: number
  envelope: DecisionEnvelope
  attempts: number
}

interface OutboxRow {
  decision_id: string
  workspace_id: string
  case_pk: number
  envelope: string
  attempts: number
}

/**
 * The decision outbox: one row per decision, written in the same transaction as the decision
 * itself, and worked off by the pusher. Delivery states change; the decision never does.
 */
export class OutboxRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      add: db.prepare(
        `INSERT INTO outbox (decision_id, workspace_id, case_pk, envelope, state, next_attempt_at, created_at, updated_at)
         VALUES (@decisionId, @workspaceId, @casePk, @envelope, @state, @nextAttemptAt, @now, @now)`
      ),
      due: db.prepare<[string, number, number], OutboxRow>(
        `SELECT decision_id, workspace_id, case_pk, envelope, attempts FROM outbox
         WHERE state = 'pending' AND workspace_id = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?`
      ),
      nextDue: db.prepare<[string], { at: number | null }>(
        `SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending' AND workspace_id = ?`
      ),
      settle: db.prepare(
        `UPDATE outbox SET state = @state, outcome_code = @code, outcome_detail = @detail, last_error = NULL, updated_at = @now
         WHERE decision_id = @decisionId AND state = 'pending'`
      ),
      retry: db.prepare(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @nextAttemptAt, last_error = @error, updated_at = @now
         WHERE decision_id = @decisionId AND state = 'pending'`
      ),
      awaitingExport: db.prepare<[string], OutboxRow>(
        `SELECT decision_id, workspace_id, case_pk, envelope, attempts FROM outbox WHERE state = 'local' AND workspace_id = ? ORDER BY created_at`
      ),
      markExported: db.prepare<[string, string]>(`UPDATE outbox SET state = 'exported', updated_at = ? WHERE decision_id = ? AND state = 'local'`),
      // Only decisions tried before wait on the backend; one never tried waits for its undo window.
      retryNow: db.prepare(`UPDATE outbox SET next_attempt_at = 0 WHERE state = 'pending' AND workspace_id = ? AND next_attempt_at > 0 AND attempts > 0`),
      retract: db.prepare<[string, string]>(`UPDATE outbox SET state = 'retracted', updated_at = ? WHERE decision_id = ? AND state IN ('pending', 'local')`),
      resolve: db.prepare<[string, string, string]>(
        `UPDATE outbox SET state = ?, updated_at = ? WHERE decision_id = ? AND state IN ('conflict', 'rejected')`
      ),
      counts: db.prepare<[string], { pending: number; undelivered: number; unexported: number }>(
        `SELECT coalesce(sum(state = 'pending'), 0) AS pending, coalesce(sum(state IN ('conflict', 'rejected')), 0) AS undelivered,
           coalesce(sum(state = 'local'), 0) AS unexported
         FROM outbox WHERE workspace_id = ?`
      ),
      undelivered: db.prepare<
        [],
        { decision_id: string; workspace_id: string; name: string; case_pk: number; id: string; title: string; state: 'conflict' | 'rejected'; outcome_code: string; outcome_detail: string | null; created_at: string }
      >(
        `SELECT o.decision_id, o.workspace_id, w.name, o.case_pk, c.id, c.title, o.state, o.outcome_code, o.outcome_detail, o.created_at
         FROM outbox o JOIN cases c ON c.pk = o.case_pk JOIN workspaces w ON w.id = o.workspace_id
         WHERE o.state IN ('conflict', 'rejected') ORDER BY o.updated_at DESC`
      ),
      get: db.prepare<[string], { state: OutboxState; case_pk: number; outcome_code: string | null }>(
        'SELECT state, case_pk, outcome_code FROM outbox WHERE decision_id = ?'
      )
    }
  }

  /** Queues a decision; it is not sent before `nextAttemptAt` (the undo grace window). */
  add(item: Omit<OutboxItem, 'attempts'>, state: 'pending' | 'local', now: string, nextAttemptAt = 0): void {
    this.statements.add.run({ ...item, envelope: stringifyJson(item.envelope), state, now, nextAttemptAt })
  }

  due(workspaceId: string, now: number, limit: number): OutboxItem[] {
    return this.statements.due.all(workspaceId, now, limit).map(toItem)
  }

  /** Decisions on a bundle workspace that have not been written to a decisions bundle yet. */
  awaitingExport(workspaceId: string): OutboxItem[] {
    return this.statements.awaitingExport.all(workspaceId).map(toItem)
  }

  markExported(decisionId: string, now: string): void {
    this.statements.markExported.run(now, decisionId)
  }

  /** When the next pending decision of a workspace may be tried, or null if none is pending. */
  nextDueAt(workspaceId: string): number | null {
    return this.statements.nextDue.get(workspaceId)?.at ?? null
  }

  /** Records the backend's verdict on one decision. */
  settle(result: PushItemResult, now: string): void {
    const state = result.status === 'accepted' || result.status === 'duplicate' ? 'delivered' : result.status
    const code = result.status === 'conflict' ? result.reason : result.status === 'rejected' ? result.code : null
    const detail = result.status === 'conflict' || result.status === 'rejected' ? (result.detail ?? null) : null
    this.statements.settle.run({ decisionId: result.decisionId, state, code, detail, now })
  }

  retryLater(decisionId: string, nextAttemptAt: number, error: string, now: string): void {
    this.statements.retry.run({ decisionId, nextAttemptAt, error, now })
  }

  /**
   * The backend is reachable again: try now every decision that is waiting for it (tried before,
   * backing off). A decision not yet tried is still in its undo window and keeps its time.
   */
  retryAllNow(workspaceId: string): void {
    this.statements.retryNow.run(workspaceId)
  }

  /** The decision was undone before it left: it will never be sent. */
  retract(decisionId: string, now: string): void {
    this.statements.retract.run(now, decisionId)
  }

  resolve(decisionId: string, state: 'discarded' | 'redone', now: string): boolean {
    return this.statements.resolve.run(state, now, decisionId).changes > 0
  }

  /** Where one decision stands with its backend, and the backend's code for a refusal. */
  get(decisionId: string): { state: OutboxState; casePk: number; outcomeCode: string | null } | undefined {
    const row = this.statements.get.get(decisionId)
    return row && { state: row.state, casePk: row.case_pk, outcomeCode: row.outcome_code }
  }

  counts(workspaceId: string): { pending: number; undelivered: number; unexported: number } {
    return this.statements.counts.get(workspaceId)!
  }

  undelivered(): UndeliveredDecision[] {
    return this.statements.undelivered.all().map((row) => ({
      decisionId: row.decision_id,
      workspaceId: row.workspace_id,
      workspaceName: row.name,
      casePk: row.case_pk,
      caseId: row.id,
      caseTitle: row.title,
      state: row.state,
      code: row.outcome_code,
      detail: row.outcome_detail,
      decidedAt: row.created_at,
      canRedo: canRedo(row.outcome_code)
    }))
  }
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    decisionId: row.decision_id,
    workspaceId: row.workspace_id,
    casePk: row.case_pk,
    envelope: parseStoredJson(row.envelope) as DecisionEnvelope,
    attempts: row.attempts
  }
}

/**
 * After these, the case is no longer this reviewer's to decide: the decision can only be
 * discarded. `agent-failed`: the agent took the answer and its run failed; nothing waits on one.
 * `unverified`: the backend's evidence cannot say whether the answer was taken; deciding again
 * could answer twice.
 */
const FINAL_CODES = ['withdrawn', 'reassigned', 'already-decided', 'agent-failed', 'unverified']

export function canRedo(code: string | null): boolean {
  return !FINAL_CODES.includes(code ?? '')
}
