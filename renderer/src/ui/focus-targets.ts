/** Places a command can move keyboard focus to, registered by the component that owns them. */
export type FocusTarget = 'draft' | 'fields' | 'queue' | 'screen' | 'keymap'

/**
 * How long a request for a place not yet on screen waits for it, in ms: about as long as a screen
 * kept in a chunk of its own (Settings) takes to load on a slow machine. A request older than
 * this moves nothing: by then the reviewer has looked, and focus jumping would surprise them.
 */
export const PENDING_FOCUS_MS = 3_000

const targets = new Map<FocusTarget, () => void>()
/** The last place asked for before any component had registered it, and when (performance.now(), ms). */
let pending: { target: FocusTarget; at: number } | null = null

/**
 * Registers how to focus `target` (the component that owns it calls this when mounted); returns
 * the unregistration. If the place was asked for in the last PENDING_FOCUS_MS, before it existed
 * (a key pressed while its screen's chunk was still loading), it is focused now.
 */
export function registerFocusTarget(target: FocusTarget, focus: () => void): () => void {
  targets.set(target, focus)
  if (pending?.target === target) {
    const waitedMs = performance.now() - pending.at
    pending = null
    if (waitedMs <= PENDING_FOCUS_MS) focus()
  }
  return () => {
    if (targets.get(target) === focus) targets.delete(target)
  }
}

/** Moves focus to `target`, or, if no component has registered it yet, once one does (see registerFocusTarget). */
export function focusTarget(target: FocusTarget): void {
  const focus = targets.get(target)
  pending = focus ? null : { target, at: performance.now() }
  focus?.()
}
