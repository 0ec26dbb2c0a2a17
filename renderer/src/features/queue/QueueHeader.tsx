import { useAppStore } from '../../store'
import { relativeTime } from '../../ui/time-format'

/**
 * The queue's state at a glance: pending, overdue, due within the hour, the oldest waiting. The
 * pending count is the status bar's (`counts`, new with every decision), so the two never disagree.
 */
export function QueueHeader() {
  const stats = useAppStore((state) => state.queueStats)
  const pending = useAppStore((state) => state.counts.pending)
  const view = useAppStore((state) => state.queueView)
  const narrowed = Object.values(view).some((value) => value !== undefined)
  if (!stats) return null
  return (
    <div className="queue-header" data-testid="queue-header">
      <span>
        <strong>{pending}</strong> pending
      </span>
      <span className={stats.overdue > 0 ? 'overdue' : undefined}>
        <strong>{stats.overdue}</strong> overdue
      </span>
      <span>
        <strong>{stats.dueWithinHour}</strong> due within 1 h
      </span>
      {stats.oldestCreatedAt && <span className="muted">oldest {relativeTime(stats.oldestCreatedAt).replace(' ago', '')}</span>}
      {narrowed && <span className="badge badge-demo">filtered (f)</span>}
    </div>
  )
}
