import { memo } from 'react'
import type { HoldView } from '../../../../shared/ipc/claim-views'
import type { QueueRow } from '../../../../shared/ipc/views'
import { holdBadge } from '../../ui/hold-label'
import { RiskBadges } from '../../ui/RiskBadges'
import { kindLabel } from '../../../../shared/domain/kind-labels'
import { dueLabel, isOverdue } from '../../ui/time-format'
import { VisibleText } from '../../ui/VisibleText'

interface Props {
  row: QueueRow | undefined
  /** A claim on the case, if any: a colleague's rows are dimmed and `j`/`k` pass them. */
  hold: HoldView | undefined
  selected: boolean
  /** The reviewer has edits of this case not yet decided on (kept across reloads and restarts). */
  edited: boolean
  /** With several backends, each row names its own. */
  showBackend: boolean
  top: number
  height: number
}

/** One queue row; memoized so moving the selection re-renders two rows, not the whole list. */
export const QueueRowView = memo(function QueueRowView({ row, hold, selected, edited, showBackend, top, height }: Props) {
  const badge = holdBadge(hold)
  const held = badge !== null && hold?.mine === false
  return (
    <div
      id={row ? `queue-row-${row.casePk}` : undefined}
      role="option"
      aria-selected={selected}
      className={`queue-row${selected ? ' selected' : ''}${held ? ' held' : ''}`}
      style={{ height, transform: `translateY(${top}px)` }}
    >
      {row ? (
        <>
          {/* As a mail list: the title gives way to the due time on its right; the line below keeps
              the kind and risk badges whole, and the backend's name (with several) takes what is left. */}
          <div className="queue-row-top">
            <span className="queue-row-title">
              <VisibleText text={row.title} />
            </span>
            {badge && <span className={`badge ${held ? 'badge-held' : 'badge-mine'}`}>{badge}</span>}
            <span className={`due${isOverdue(row.dueAt) ? ' overdue' : ''}`}>{dueLabel(row.dueAt)}</span>
          </div>
          <div className="queue-row-meta">
            <span className="kind-chip small">{kindLabel(row.kind)}</span>
            <RiskBadges risk={row} compact />
            {edited && <span className="edited queue-row-edited">edited</span>}
            {showBackend && <span className="queue-row-backend muted">{row.workspaceName}</span>}
          </div>
        </>
      ) : (
        <div className="queue-row-title muted">…</div>
      )}
    </div>
  )
})
