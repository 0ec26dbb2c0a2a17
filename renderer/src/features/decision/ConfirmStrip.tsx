import { useEffect, useState } from 'react'
import { useAppStore } from '../../store'
import { VisibleText } from '../../ui/VisibleText'

/**
 * The extra keystroke an irreversible or customer-facing action asks for. Once the prompt has been
 * on screen for the reaction time, when a confirming press counts, it carries `data-seen`: tests
 * and the benchmark wait for it, as they wait for CaseView's `data-seen-case`. The message quotes
 * the case's words (and the reviewer's edits), hidden characters shown.
 */
export function ConfirmStrip() {
  const pending = useAppStore((state) => state.pendingConfirmation)
  const reactionTimeMs = useAppStore((state) => state.reactionTimeMs)
  const [seenPrompt, setSeenPrompt] = useState<object | null>(null)
  useEffect(() => {
    if (!pending) return
    const timer = setTimeout(() => setSeenPrompt(pending), Math.max(0, pending.shownAt + reactionTimeMs - performance.now()))
    return () => clearTimeout(timer)
  }, [pending, reactionTimeMs])
  if (!pending) return null
  return (
    <div className="confirm-strip" role="alert" data-seen={seenPrompt === pending ? '' : undefined}>
      <strong>
        <VisibleText text={pending.message} />
      </strong>{' '}
      Press <kbd>{pending.key}</kbd> again to confirm, any other key to cancel (<kbd>PageDown</kbd> reads on).
    </div>
  )
}
