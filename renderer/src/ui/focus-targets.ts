/** Places a command can move keyboard focus to, registered by the component that owns them. */
export type FocusTarget = 'draft' | 'fields' | 'queue' | 'screen' | 'keymap'

const targets = new Map<FocusTarget, () => void>()

export function registerFocusTarget(target: FocusTarget, focus: () => void): () => void {
  targets.set(target, focus)
  return () => {
    if (targets.get(target) === focus) targets.delete(target)
  }
}

export function focusTarget(target: FocusTarget): void {
  targets.get(target)?.()
}
