/** Places a command can move keyboard focus to, registered by the component that owns them. */
export type FocusTarget = 'draft' | 'fields' | 'queue' | 'screen' | 'keymap'

const targets = new Map<FocusTarget, () => void>()

/**
 * How long a focus asked for before its place was on screen (a screen still arriving as a chunk of
 * its own: Settings' `m` typed straight after `g s`) is kept for the place to take, in ms.
 */
export const PENDING_FOCUS_MS = 3_000
let pending: { target: FocusTarget; at: number } | null = null
/** Places on a screen that is a chunk of its own, so they may not be registered yet when asked for (the others are, or are not shown at all: the queue in triage mode). */
const ARRIVING: readonly FocusTarget[] = ['keymap']

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

/**
 * A place that is registered but cannot take the focus yet (the diff editor before Monaco has
 * arrived) says it will take it once it can; `focusArrived` when it has, or when that no longer
 * applies (another case opened).
 */
export function awaitFocus(target: FocusTarget): void {
  pending = { target, at: performance.now() }
}

export function focusArrived(target: FocusTarget): void {
  if (pending?.target === target) pending = null
}

/**
 * Whether a focus asked for is still waiting for its place (at most PENDING_FOCUS_MS): the keys
 * typed meanwhile are meant for that place (`e`, then the edit), so the window's key handler must
 * not run them as commands.
 */
export function isFocusPending(): boolean {
  return pending !== null && performance.now() - pending.at <= PENDING_FOCUS_MS
}

/** Esc: the focus asked for is no longer wanted. */
export function cancelPendingFocus(): void {
  pending = null
}

/** Moves focus to `target`; if it is not on screen yet, it gets the focus when it registers (soon), unless focus is asked for elsewhere first. */
export function focusTarget(target: FocusTarget): void {
  const focus = targets.get(target)
  pending = !focus && ARRIVING.includes(target) ? { target, at: performance.now() } : null
  focus?.()
}
