import { useAppStore } from '../store'
import { shownSlaWarnings } from '../store/selectors'
import { dueLabel } from '../ui/time-format'
import { VisibleText } from '../ui/VisibleText'

/**
 * After the first case's due time, the others as a count of cases ("and 39 other cases"), never a
 * bare number that could be read with the minutes before it.
 */
export function otherCasesDueSoon(count: number): string {
  if (count <= 0) return ''
  return ` — and ${count} other ${count === 1 ? 'case' : 'cases'}`
}

/**
 * Cases about to breach their SLA; each is announced once (the OS shows a notification too).
 * Cases no longer pending, or in a workspace no longer shown, are left out (`shownSlaWarnings`).
 */
export function SlaBanner() {
  const slaWarnings = useAppStore((state) => state.slaWarnings)
  const summary = useAppStore((state) => state.summary)
  const queueStats = useAppStore((state) => state.queueStats)
  const warnings = shownSlaWarnings({ slaWarnings, summary, queueStats })
  if (warnings.length === 0) return null
  const [first] = warnings
  return (
    // One line: the case's title gives way (cut with an ellipsis), never the due time or the count.
    <p className="sla-banner" role="alert">
      <strong>Due soon:</strong> “<span className="banner-title"><VisibleText text={first!.title} /></span>”, {dueLabel(first!.dueAt)}
      {otherCasesDueSoon(warnings.length - 1)}. <kbd>Esc</kbd> dismiss
    </p>
  )
}
