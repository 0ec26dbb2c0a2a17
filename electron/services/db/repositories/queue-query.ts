import type { QueueFilter, QueueSort } from '../../../../shared/domain/queue-view'

/**
 * The SQL of the pending queue for each sort: ORDER BY columns and the matching row value, so a
 * case's position is a count of the rows before it. Every sort ends on the primary key, so the
 * order is total and stable.
 */
const SORT_KEYS: Record<QueueSort, string[]> = {
  due: ['c.due_at', '-c.risk_rank', '-c.priority_rank', 'c.pk'],
  risk: ['-c.risk_rank', 'c.due_at', '-c.priority_rank', 'c.pk'],
  priority: ['-c.priority_rank', 'c.due_at', '-c.risk_rank', 'c.pk']
}

export function orderBy(sort: QueueSort): string {
  return SORT_KEYS[sort].map((key) => (key.startsWith('-') ? `${key.slice(1)} DESC` : key)).join(', ')
}

/** The sort key of row alias `alias`, as an SQL row value (descending keys negated). */
export function sortRowValue(sort: QueueSort, alias: string): string {
  return `(${SORT_KEYS[sort].map((key) => key.replace('c.', `${alias}.`)).join(', ')})`
}

/**
 * "Pending in the queue", defined once: the case awaits a decision (state 'pending'), it is not
 * snoozed (a deferral or needs-info) past the `@now` parameter (epoch ms), and its workspace is
 * still configured. `cases` is the alias of the case row in the query. The queue, its counts,
 * the queue header and insights, and SLA warnings all use it. The workspace test is a list
 * subquery, not a join, so a count, and the queue header's due and creation times, read only the
 * cases_by_state_workspace index (measured on 200,000 cases: 14 ms, against 34 ms through a join).
 */
export function pendingInQueue(cases = 'c'): string {
  return `${cases}.state = 'pending' AND (${cases}.snoozed_until IS NULL OR ${cases}.snoozed_until <= @now)
    AND ${cases}.workspace_id IN (SELECT id FROM workspaces WHERE removed_at IS NULL)`
}

/** Pending in the queue (alias c), and matching every filter given. */
export const IN_QUEUE = `${pendingInQueue()}
  AND (@like IS NULL OR c.title LIKE @like ESCAPE '\\' OR c.id LIKE @like ESCAPE '\\')
  AND (@kind IS NULL OR c.kind = @kind)
  AND (@workspaceId IS NULL OR c.workspace_id = @workspaceId)
  AND (@overdue IS NULL OR c.due_at < @now)
  AND (@irreversible IS NULL OR c.reversible = 0)
  AND (@money IS NULL OR c.touches_money = 1)
  AND (@held IS NULL OR EXISTS (SELECT 1 FROM case_holds h WHERE h.case_pk = c.pk AND h.mine = 0 AND h.expires_at > @now))`

export interface QueueParameters {
  now: number
  like: string | null
  kind: string | null
  workspaceId: string | null
  overdue: 1 | null
  irreversible: 1 | null
  money: 1 | null
  held: 1 | null
}

export function queueParameters(filter: QueueFilter, now: number): QueueParameters {
  const text = filter.text?.trim()
  return {
    now,
    like: text ? `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null,
    kind: filter.kind ?? null,
    workspaceId: filter.workspaceId ?? null,
    overdue: filter.overdue ? 1 : null,
    irreversible: filter.irreversible ? 1 : null,
    money: filter.money ? 1 : null,
    held: filter.held ? 1 : null
  }
}
