import { useEffect } from 'react'
import { DECISION_KINDS } from '../../../../shared/domain/decision-kinds'
import type { QueueFilter } from '../../../../shared/domain/queue-view'
import { isDeliberate, keyNames, pickedNumber } from '../../commands/key-press'
import { useAppStore } from '../../store'
import { kindLabel } from '../../../../shared/domain/kind-labels'

type View = Omit<QueueFilter, 'text'>

interface Toggle {
  label: string
  active(view: View): boolean
  apply(view: View, workspaces: string[]): View
}

function cycle<T>(values: readonly T[], current: T | undefined): T | undefined {
  const index = current === undefined ? -1 : values.indexOf(current)
  return index + 1 < values.length ? values[index + 1] : undefined
}

const TOGGLES: Toggle[] = [
  { label: 'Sort by due time', active: (v) => (v.sort ?? 'due') === 'due', apply: (v) => ({ ...v, sort: undefined }) },
  { label: 'Sort by risk', active: (v) => v.sort === 'risk', apply: (v) => ({ ...v, sort: 'risk' }) },
  { label: 'Sort by priority', active: (v) => v.sort === 'priority', apply: (v) => ({ ...v, sort: 'priority' }) },
  { label: 'Only overdue', active: (v) => v.overdue === true, apply: (v) => ({ ...v, overdue: v.overdue ? undefined : true }) },
  { label: 'Only irreversible', active: (v) => v.irreversible === true, apply: (v) => ({ ...v, irreversible: v.irreversible ? undefined : true }) },
  { label: 'Only money', active: (v) => v.money === true, apply: (v) => ({ ...v, money: v.money ? undefined : true }) },
  { label: 'Only cases colleagues hold', active: (v) => v.held === true, apply: (v) => ({ ...v, held: v.held ? undefined : true }) },
  { label: 'Only one kind, each in turn', active: (v) => v.kind !== undefined, apply: (v) => ({ ...v, kind: cycle(DECISION_KINDS, v.kind) }) },
  { label: 'Only one backend, each in turn', active: (v) => v.workspaceId !== undefined, apply: (v, workspaces) => ({ ...v, workspaceId: cycle(workspaces, v.workspaceId) }) },
  // Handled apart (`clearQueueFilter`): it drops the text filter too.
  { label: 'Clear all, the text filter too', active: () => false, apply: () => ({}) }
]

const CLEAR_ALL = TOGGLES.at(-1)!

/** `f`: sort and narrow the queue; a number key toggles, Esc closes. */
export function QueueViewPicker() {
  const open = useAppStore((state) => state.overlay === 'queue-view')
  const view = useAppStore((state) => state.queueView)
  const summary = useAppStore((state) => state.summary)
  const workspaces = summary?.workspaces ?? []
  const setQueueView = useAppStore((state) => state.setQueueView)
  useEffect(() => {
    if (!open) return
    function onKeyDown(event: KeyboardEvent) {
      const number = pickedNumber(event) ?? (isDeliberate(event) && keyNames(event).includes('0') ? 10 : null)
      const toggle = number === null ? undefined : TOGGLES[number - 1]
      if (!toggle) return
      event.preventDefault()
      const state = useAppStore.getState()
      if (toggle === CLEAR_ALL) void state.clearQueueFilter()
      else void setQueueView(toggle.apply(state.queueView, (state.summary?.workspaces ?? []).map((w) => w.id)))
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [open, setQueueView])
  if (!open) return null
  const detail = (toggle: Toggle) =>
    toggle.label === 'Only one kind, each in turn' && view.kind
      ? `: now ${kindLabel(view.kind)}`
      : toggle.label === 'Only one backend, each in turn' && view.workspaceId
        ? `: now ${workspaces.find((w) => w.id === view.workspaceId)?.name}`
        : ''
  return (
    <div className="picker-backdrop">
      <div className="picker" role="dialog" aria-modal="true" aria-labelledby="queue-view-title">
        <h2 id="queue-view-title">Sort and narrow the queue</h2>
        <ol className="picker-options">
          {TOGGLES.map((toggle, index) => (
            <li key={toggle.label} className={toggle.active(view) ? 'active' : undefined}>
              <kbd>{(index + 1) % 10}</kbd> {toggle.label}
              {detail(toggle)}
              {toggle.active(view) && <span className="badge badge-demo">on</span>}
            </li>
          ))}
        </ol>
        <p className="muted">
          A number toggles · <kbd>Esc</kbd> done
        </p>
      </div>
    </div>
  )
}
