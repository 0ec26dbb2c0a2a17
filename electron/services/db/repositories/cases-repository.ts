import type { Case } from '../../../../shared/domain/case'
import { PRIORITY_RANK, riskRank } from '../../../../shared/domain/risk'
import type { CaseDetail, QueueCounts, QueueRow } from '../../../../shared/ipc/views'
import type { QueueFilter, QueueSort } from '../../../../shared/domain/queue-view'
import type { Db } from '../connection'
import { IN_QUEUE, orderBy, pendingInQueue, queueParameters, sortRowValue, type QueueParameters } from './queue-query'
import { parseStoredJson } from '../../../../shared/json/exact-json'

/**
 * A validated case ready to cache: its JSON as stored, and that JSON's hash, which tells a repeat
 * of a stored revision from changed content. (What a decision records as the content shown is the
 * hash of the case's canonical JSON, computed when the decision is made.)
 */
export interface CaseToStore {
  workspaceId: string
  reviewCase: CaseSummary
  /** The JSON, as a string or as its UTF-8 bytes (stored as text either way). */
  body: string | Uint8Array
  contentHash: string
}

/** What the cache's columns hold of a case (the rest is in its stored JSON). */
export type CaseSummary = Pick<Case, 'id' | 'revision' | 'kind' | 'title' | 'risk'> & { ownership: Pick<Case['ownership'], 'dueAt' | 'createdAt' | 'priority'> }

export type UpsertResult = 'inserted' | 'updated' | 'unchanged'
/**
 * What `upsert` did: stored, or refused because the content changed without a higher revision
 * (`storedRevision` is the one the cache keeps).
 */
export type UpsertOutcome = { result: UpsertResult; casePk: number } | { result: 'refused'; casePk: number; storedRevision: number; storedState: CaseState }
export type CaseState = CaseDetail['state']

interface QueueRowRecord {
  pk: number
  id: string
  workspace_name: string
  is_demo: number
  kind: QueueRow['kind']
  title: string
  due_at: number
  priority_rank: number
  reversible: number
  audience: QueueRow['audience']
  touches_money: number
  touches_access: number
  touches_legal: number
  risk_declared: number
}

const PRIORITY_BY_RANK = Object.fromEntries(
  Object.entries(PRIORITY_RANK).map(([priority, rank]) => [rank, priority])
) as Record<number, QueueRow['priority']>

export class CasesRepository {
  private readonly statements
  private readonly queueBySort = new Map<QueueSort, ReturnType<CasesRepository['prepareQueue']>>()

  constructor(private readonly db: Db) {
    this.statements = {
      existing: db.prepare<[string, string], { pk: number; revision: number; content_hash: string; state: CaseState }>(
        'SELECT pk, revision, content_hash, state FROM cases WHERE workspace_id = ? AND id = ?'
      ),
      insert: db.prepare(
        `INSERT INTO cases (workspace_id, id, revision, kind, title, state, due_at, risk_rank, priority_rank,
           reversible, audience, touches_money, touches_access, touches_legal, risk_declared, body, content_hash, received_at, created_at)
         VALUES (@workspaceId, @id, @revision, @kind, @title, 'pending', @dueAt, @riskRank, @priorityRank,
           @reversible, @audience, @touchesMoney, @touchesAccess, @touchesLegal, @riskDeclared, CAST(@body AS TEXT), @contentHash, @receivedAt, @createdAt)`
      ),
      update: db.prepare(
        `UPDATE cases SET revision = @revision, kind = @kind, title = @title, due_at = @dueAt,
           risk_rank = @riskRank, priority_rank = @priorityRank, reversible = @reversible, audience = @audience,
           touches_money = @touchesMoney, touches_access = @touchesAccess, touches_legal = @touchesLegal, risk_declared = @riskDeclared,
           body = CAST(@body AS TEXT), content_hash = @contentHash, received_at = @receivedAt, created_at = @createdAt, snoozed_until = NULL,
           end_reason = CASE WHEN state IN ('withdrawn', 'reassigned') THEN NULL ELSE end_reason END,
           state = CASE WHEN state IN ('withdrawn', 'reassigned') THEN 'pending' ELSE state END
         WHERE pk = @pk`
      ),
      counts: db.prepare<{ now: number }, { pending: number; decided: number }>(
        `SELECT
           (SELECT count(*) FROM cases c WHERE ${pendingInQueue()}) AS pending,
           (SELECT count(*) FROM cases WHERE state = 'decided' AND workspace_id IN (SELECT id FROM workspaces WHERE removed_at IS NULL))
             -- A case rerouted here was decided here too (its state says only that it left).
             + (SELECT count(*) FROM cases c WHERE c.state = 'reassigned' AND c.workspace_id IN (SELECT id FROM workspaces WHERE removed_at IS NULL)
                 AND (SELECT d.outcome FROM decisions d WHERE d.case_pk = c.pk ORDER BY d.seq DESC LIMIT 1) = 'reroute') AS decided`
      ),
      detail: db.prepare<
        [number],
        { pk: number; workspace_id: string; name: string; is_demo: number; state: CaseDetail['state']; end_reason: string | null; body: string; content_hash: string }
      >(
        `SELECT c.pk, c.workspace_id, w.name, w.is_demo, c.state, c.end_reason, c.body, c.content_hash
         FROM cases c JOIN workspaces w ON w.id = c.workspace_id WHERE c.pk = ?`
      ),
      identity: db.prepare<[number], { id: string; title: string }>('SELECT id, title FROM cases WHERE pk = ?'),
      body: db.prepare<[number], { body: string }>('SELECT body FROM cases WHERE pk = ?'),
      pendingIds: db.prepare<[string], { id: string }>(`SELECT id FROM cases WHERE workspace_id = ? AND state = 'pending'`),
      snooze: db.prepare<[number, number]>('UPDATE cases SET snoozed_until = ? WHERE pk = ?'),
      reopen: db.prepare<[number]>(`UPDATE cases SET state = 'pending', snoozed_until = NULL WHERE pk = ?`),
      setState: db.prepare<[CaseState, number]>('UPDATE cases SET state = ? WHERE pk = ?'),
      endIfPending: db.prepare<[CaseState, string | null, string, string], { pk: number }>(
        `UPDATE cases SET state = ?, end_reason = ? WHERE workspace_id = ? AND id = ? AND state = 'pending' RETURNING pk`
      )
    }
  }

  /**
   * Stores a case, or replaces the cached copy with a newer revision; a repeat of the stored
   * revision changes nothing, except that a case the backend had withdrawn or reassigned returns
   * to the queue. A case's content changes only with a higher revision: the same revision with
   * other content, or a lower revision, is `refused` (a protocol fault the caller reports) and
   * what is stored stays as it was, review state and decisions included.
   */
  upsert(item: CaseToStore, receivedAt: string): UpsertOutcome {
    const existing = this.statements.existing.get(item.workspaceId, item.reviewCase.id)
    if (!existing) return { result: 'inserted', casePk: Number(this.statements.insert.run(this.toRow(item, receivedAt)).lastInsertRowid) }
    const reopened = existing.state === 'withdrawn' || existing.state === 'reassigned'
    if (existing.content_hash === item.contentHash && !reopened) return { result: 'unchanged', casePk: existing.pk }
    if (existing.content_hash !== item.contentHash && item.reviewCase.revision <= existing.revision) {
      return { result: 'refused', casePk: existing.pk, storedRevision: existing.revision, storedState: existing.state }
    }
    this.statements.update.run({ ...this.toRow(item, receivedAt), pk: existing.pk })
    return { result: 'updated', casePk: existing.pk }
  }

  /**
   * Stores `item` over the cached case `casePk` at the same revision: for a pending copy cached
   * by an earlier version that this version's rules refuse, which its backend's valid copy
   * replaces (see CaseIngest). Its state is kept, as an update keeps it.
   */
  replace(casePk: number, item: CaseToStore, receivedAt: string): void {
    this.statements.update.run({ ...this.toRow(item, receivedAt), pk: casePk })
  }

  /** The stored revision of a case and its content hash, if it is cached. */
  stored(workspaceId: string, caseId: string): { casePk: number; revision: number; contentHash: string } | undefined {
    const row = this.statements.existing.get(workspaceId, caseId)
    return row && { casePk: row.pk, revision: row.revision, contentHash: row.content_hash }
  }

  /** A cached case's JSON as stored. */
  body(casePk: number): string | undefined {
    return this.statements.body.get(casePk)?.body
  }

  /**
   * The backend withdrew or reassigned a case: it leaves the queue, with the backend's reason
   * (null if it gave none). A case already decided here keeps its state; pushing that decision
   * will surface the conflict instead.
   */
  endIfPending(workspaceId: string, caseId: string, state: 'withdrawn' | 'reassigned', reason: string | null): number | undefined {
    return this.statements.endIfPending.get(state, reason, workspaceId, caseId)?.pk
  }

  /** A cached case's id (its backend's) and title, in any state. */
  identity(casePk: number): { caseId: string; title: string } | undefined {
    const row = this.statements.identity.get(casePk)
    return row && { caseId: row.id, title: row.title }
  }

  /** The ids of a workspace's pending cases, snoozed ones included. */
  pendingIds(workspaceId: string): string[] {
    return this.statements.pendingIds.all(workspaceId).map((row) => row.id)
  }

  /** One page of the pending queue, filtered and sorted. */
  pendingPage(offset: number, limit: number, filter: QueueFilter = {}, now = Date.now()): QueueRow[] {
    return this.queueStatements(filter.sort ?? 'due').page.all({ ...queueParameters(filter, now), limit, offset }).map((row) => ({
      casePk: row.pk,
      caseId: row.id,
      workspaceName: row.workspace_name,
      isDemo: row.is_demo === 1,
      kind: row.kind,
      title: row.title,
      dueAt: new Date(row.due_at).toISOString(),
      priority: PRIORITY_BY_RANK[row.priority_rank] ?? 'normal',
      reversible: row.reversible === 1,
      audience: row.audience,
      touchesMoney: row.touches_money === 1,
      touchesAccess: row.touches_access === 1,
      touchesLegal: row.touches_legal === 1,
      ...(row.risk_declared === 0 && { declared: false as const })
    }))
  }

  pkOf(workspaceId: string, caseId: string): number | undefined {
    return this.statements.existing.get(workspaceId, caseId)?.pk
  }

  /** Where a pending case stands in the (filtered, sorted) queue, or null if it is not in it. */
  queuePosition(casePk: number, filter: QueueFilter = {}, now = Date.now()): number | null {
    return this.queueStatements(filter.sort ?? 'due').position.get({ ...queueParameters(filter, now), casePk })?.position ?? null
  }

  /** Pending cases in the queue (filtered), for paging. */
  queueTotal(filter: QueueFilter = {}, now = Date.now()): number {
    return this.queueStatements('due').total.get(queueParameters(filter, now))!.n
  }

  /** The queue's statements for one sort, prepared on first use. */
  private queueStatements(sort: QueueSort) {
    let statements = this.queueBySort.get(sort)
    if (!statements) {
      statements = this.prepareQueue(sort)
      this.queueBySort.set(sort, statements)
    }
    return statements
  }

  private prepareQueue(sort: QueueSort) {
    return {
        page: this.db.prepare<QueueParameters & { limit: number; offset: number }, QueueRowRecord>(
          `SELECT c.pk, c.id, w.name AS workspace_name, w.is_demo, c.kind, c.title, c.due_at, c.priority_rank,
             c.reversible, c.audience, c.touches_money, c.touches_access, c.touches_legal, c.risk_declared
           FROM cases c JOIN workspaces w ON w.id = c.workspace_id
           WHERE ${IN_QUEUE} ORDER BY ${orderBy(sort)} LIMIT @limit OFFSET @offset`
        ),
        total: this.db.prepare<QueueParameters, { n: number }>(
          `SELECT count(*) AS n FROM cases c WHERE ${IN_QUEUE}`
        ),
        position: this.db.prepare<QueueParameters & { casePk: number }, { position: number | null }>(
          `SELECT (SELECT count(*) FROM cases c WHERE ${IN_QUEUE} AND ${sortRowValue(sort, 'c')} < ${sortRowValue(sort, 't')}) AS position
           FROM cases t WHERE t.pk = @casePk AND ${pendingInQueue('t')}`
        )
    }
  }

  /** Pending in the queue, and decided here: decided, or rerouted by this device's latest decision on it. */
  counts(now = Date.now()): QueueCounts {
    return this.statements.counts.get({ now })!
  }

  /** Out of the queue until `until` (epoch ms); still pending, to be decided when it returns. */
  snooze(casePk: number, until: number): void {
    this.statements.snooze.run(until, casePk)
  }

  /** Back in the queue, undecided (an undo). */
  reopen(casePk: number): void {
    this.statements.reopen.run(casePk)
  }

  /** The case as stored, with its workspace; the review service adds the workspace's reroute targets. */
  detail(casePk: number): Omit<CaseDetail, 'rerouteTargets'> | undefined {
    const row = this.statements.detail.get(casePk)
    if (!row) return undefined
    return {
      casePk: row.pk,
      workspaceId: row.workspace_id,
      workspaceName: row.name,
      isDemo: row.is_demo === 1,
      state: row.state,
      endReason: row.state === 'withdrawn' || row.state === 'reassigned' ? row.end_reason : null,
      reviewCase: parseStoredJson(row.body) as Case,
      contentHash: row.content_hash
    }
  }

  setState(casePk: number, state: CaseState): void {
    this.statements.setState.run(state, casePk)
  }

  private toRow({ workspaceId, reviewCase, body, contentHash }: CaseToStore, receivedAt: string) {
    const { risk } = reviewCase
    return {
      workspaceId,
      id: reviewCase.id,
      revision: reviewCase.revision,
      kind: reviewCase.kind,
      title: reviewCase.title,
      dueAt: Date.parse(reviewCase.ownership.dueAt),
      createdAt: Date.parse(reviewCase.ownership.createdAt),
      riskRank: riskRank(risk),
      priorityRank: PRIORITY_RANK[reviewCase.ownership.priority],
      reversible: risk.reversible ? 1 : 0,
      audience: risk.audience,
      touchesMoney: risk.touchesMoney ? 1 : 0,
      touchesAccess: risk.touchesAccess ? 1 : 0,
      touchesLegal: risk.touchesLegal ? 1 : 0,
      riskDeclared: risk.declared === false ? 0 : 1,
      body,
      contentHash,
      receivedAt
    }
  }
}
