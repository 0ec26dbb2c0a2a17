import { useAppStore } from '../store'
import { dueLabel } from '../ui/time-format'
import { VisibleText } from '../ui/VisibleText'

/** Cases about to breach their SLA; each is announced once (the OS shows a notification too). */
export function SlaBanner() {
  const warnings = useAppStore((state) => state.slaWarnings)
  if (warnings.length === 0) return null
  const [first] = warnings
  return (
    <p className="sla-banner" role="alert">
      <strong>Due soon:</strong> “<VisibleText text={first!.title} />” {dueLabel(first!.dueAt)}
      {warnings.length > 1 && ` and ${warnings.length - 1} more`}. <kbd>Esc</kbd> dismiss
    </p>
  )
}
