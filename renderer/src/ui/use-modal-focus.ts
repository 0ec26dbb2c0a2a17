import { useEffect } from 'react'

/**
 * Keeps keyboard focus inside an open modal (any element with `aria-modal="true"`, as WAI-ARIA's
 * dialog pattern asks): when focus lands outside it — Shift+Tab out of a picker into the Monaco
 * proposal behind it, say — it is put back on the modal, so no key meant for a dialog edits or
 * decides the case behind it. With several modals open, the last in document order holds focus.
 */
export function useModalFocus(): void {
  useEffect(() => {
    function onFocusIn(event: FocusEvent) {
      const modals = document.querySelectorAll<HTMLElement>('[aria-modal="true"]')
      const modal = modals[modals.length - 1]
      if (!modal || !(event.target instanceof Node) || modal.contains(event.target)) return
      if (!modal.hasAttribute('tabindex')) modal.tabIndex = -1
      modal.focus()
    }
    document.addEventListener('focusin', onFocusIn)
    return () => document.removeEventListener('focusin', onFocusIn)
  }, [])
}
