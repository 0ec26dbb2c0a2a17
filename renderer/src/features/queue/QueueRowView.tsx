import { memo } from 'react'
import type { QueueRow } from '../../../../shared/ipc/views'
import { RiskBadges } from '../case/RiskBadges'
import { dueLabel, isOverdue, kindLabel } from '../case/time-format'
import { VisibleText } from '../case/VisibleText'

interface Props {
  row: QueueRow | undefined
  selected: boolean
  /** With several backends, each row names its own. */
  showBackend: boolean
  top: number
  height: number
}

/** One queue row; memoized so moving the selection re-renders two rows, not the whole list. */
export const QueueRowView = memo(function QueueRowView({ row, selected, showBackend, top, height }: Props) {
  return (
    <div
      id={row ? `queue-row-${row.casePk}` : undefined}
      role="option"
      aria-selected={selected}
      className={`queue-row${selected ? ' selected' : ''}`}
      style={{ height, transform: `translateY(${top}px)` }}
    >
      {row ? (
        <>
          <div className="queue-row-title">
            <VisibleText text={row.title} />
          </div>
          <div className="queue-row-meta">
            <span className="kind-chip small">{kindLabel(row.kind)}</span>
            {showBackend && <span className="badge backend-badge">{row.workspaceName}</span>}
            <RiskBadges risk={row} compact />
            <span className={`due${isOverdue(row.dueAt) ? ' overdue' : ''}`}>{dueLabel(row.dueAt)}</span>
          </div>
        </>
      ) : (
        <div className="queue-row-title muted">…</div>
      )}
    </div>
  )
})
