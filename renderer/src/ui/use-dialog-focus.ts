import { useEffect, useRef, type RefObject } from 'react'

/**
 * Focus for a dialog drawn over the screen (WAI-ARIA's dialog pattern): while `open`, the dialog
 * (`ref`) holds the keyboard, so arrows and screen readers read it and no key reaches an editor
 * behind it (arrows moved the source's caret under the shortcuts sheet); once it closes, focus
 * goes back where it was, if that is still in reach (else the browser leaves it on the body, where
 * the window's keys act on the screen). Returns the ref to put on the dialog's element.
 */
export function useDialogFocus<T extends HTMLElement>(open: boolean): RefObject<T | null> {
  const ref = useRef<T | null>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!open || !dialog) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.hasAttribute('tabindex')) dialog.tabIndex = -1
    dialog.focus({ preventScroll: true })
    return () => {
      // Unless it has gone or is out of reach (an editor slot made inert meanwhile).
      if (before?.isConnected && before.closest('[inert]') === null) before.focus({ preventScroll: true })
    }
  }, [open])
  return ref
}
