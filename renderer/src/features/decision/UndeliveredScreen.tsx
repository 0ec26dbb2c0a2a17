import { useEffect, useRef } from 'react'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { VisibleText } from '../../ui/VisibleText'

const REASONS: Record<string, string> = {
  withdrawn: 'the case was withdrawn',
  reassigned: 'the case was reassigned',
  revised: 'the case changed after you saw it',
  'already-decided': 'someone else decided it first',
  'not-applied': 'the run carrying it ended before the agent took it',
  'agent-failed': 'the agent took it, then its run failed',
  unverified: 'Countersign cannot tell whether the agent took it'
}

/** Decisions a backend did not apply. Nothing is dropped silently: each waits here for a choice. */
export function UndeliveredScreen() {
  const items = useAppStore((state) => state.undelivered)
  const listIndex = useAppStore((state) => state.listIndex)
  const listRef = useRef<HTMLUListElement>(null)
  useEffect(() => registerFocusTarget('screen', () => listRef.current?.focus()), [])
  return (
    <main className="screen" aria-label="Undelivered decisions">
      <h1>Decisions not applied</h1>
      {items.length === 0 ? (
        <p className="muted">No backend has refused a decision of yours. Each has been delivered, is on its way, or (for the demo and file bundles) is kept here to export from Settings.</p>
      ) : (
        <ul ref={listRef} className="screen-list" tabIndex={-1}>
          {items.map((item, index) => (
            <li key={item.decisionId} className={index === listIndex ? 'selected' : undefined} aria-current={index === listIndex}>
              <div className="list-title">
                Your decision on “<VisibleText text={item.caseTitle} />” was not applied: {REASONS[item.code] ?? `${item.workspaceName} rejected it (${item.code})`}.
              </div>
              <div className="list-meta muted">
                <VisibleText text={item.workspaceName} /> · decided {new Date(item.decidedAt).toLocaleString()}
                {item.detail && (
                  <>
                    {' · '}
                    <VisibleText text={item.detail} />
                  </>
                )}
                {!item.canRedo && ' · it is no longer yours to decide'}
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}
