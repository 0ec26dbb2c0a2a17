/** Places a command can move keyboard focus to, registered by the component that owns them. */
export type FocusTarget = 'draft' | 'fields' | 'queue' | 'screen' | 'keymap'

const targets = new Map<FocusTarget, () => void>()

/**
 * How long a focus asked for before its place was on screen (a screen still arriving as a chunk of
 * its own: Settings' `m` typed straight after `g s`) is kept for the place to take, in ms.
 */
const PENDING_FOCUS_MS = 3_000
let pending: { target: FocusTarget; at: number } | null = null

export function registerFocusTarget(target: FocusTarget, focus: () => void): () => void {
  targets.set(target, focus)
  if (pending?.target === target) {
    if (performance.now() - pending.at <= PENDING_FOCUS_MS) focus()
    pending = null
  }
  return () => {
    if (targets.get(target) === focus) targets.delete(target)
  }
}

/** Moves focus to `target`; if it is not on screen yet, it gets the focus when it registers (soon), unless focus is asked for elsewhere first. */
export function focusTarget(target: FocusTarget): void {
  const focus = targets.get(target)
  pending = focus ? null : { target, at: performance.now() }
  focus?.()
}
