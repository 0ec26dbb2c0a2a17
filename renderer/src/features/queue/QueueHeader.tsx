import { useAppStore } from '../../store'
import { selectQueueNarrowed } from '../../store/selectors'
import { relativeTime } from '../../ui/time-format'

/**
 * The queue's state at a glance: pending, overdue, due within the hour, the oldest waiting, and
 * how many the filter shows when one narrows the queue. The pending count is the status bar's
 * (`counts`, new with every decision), so the two never disagree.
 */
export function QueueHeader() {
  const stats = useAppStore((state) => state.queueStats)
  const pending = useAppStore((state) => state.counts.pending)
  const narrowed = useAppStore(selectQueueNarrowed)
  const shown = useAppStore((state) => state.total)
  if (!stats) return null
  return (
    <div className="queue-header" data-testid="queue-header">
      <span>
        <strong>{pending}</strong> pending
      </span>
      {/* Before the rest: the header keeps to one line, and what does not fit is left out. */}
      {narrowed && <span className="badge badge-demo">{shown} shown · filtered</span>}
      <span className={stats.overdue > 0 ? 'overdue' : undefined}>
        <strong>{stats.overdue}</strong> overdue
      </span>
      <span>
        <strong>{stats.dueWithinHour}</strong> due within 1 h
      </span>
      {stats.oldestCreatedAt && <span className="muted">oldest {relativeTime(stats.oldestCreatedAt).replace(' ago', '')}</span>}
    </div>
  )
}
