import { useEffect } from 'react'
import { bridge } from '../api/bridge'
import { createKeyDispatcher, endsWaitingDecision, keysGoToText } from '../commands/key-dispatch'
import { trackHeldKeys } from '../commands/key-press'
import { useAppStore } from '../store'
import { noteReviewerKey } from '../store/reviewer-keys'

/** Background sync, and screen updates it brings, give way for a moment after every keystroke, typing included. */
function noteReviewerInput(): void {
  noteReviewerKey()
  void bridge.noteReviewerInput().catch(() => {})
}

/**
 * Tells the store whether focus is where keys go to text (`AppSlice.textFocus`), once focus has
 * settled. Focus put in a text (a click into the draft) ends a decision waiting for its key again
 * (`endsWaitingDecision`).
 */
function noteFocus(): void {
  queueMicrotask(() => {
    const state = useAppStore.getState()
    state.setTextFocus(keysGoToText(document.activeElement))
    if (state.pendingConfirmation && endsWaitingDecision(document.activeElement)) state.cancelPendingConfirmation(null)
  })
}

/**
 * Registers the window's one key handler (`createKeyDispatcher`) while the app is mounted, and
 * follows focus for the status bar's key line.
 */
export function useGlobalKeys(): void {
  useEffect(() => {
    const keys = createKeyDispatcher(useAppStore.getState, noteReviewerInput)
    // Capture phase, so the editor cannot swallow Esc before focus returns to the queue, and held
    // keys are stopped before any other handler sees them.
    const untrackHeldKeys = trackHeldKeys(window)
    window.addEventListener('keydown', keys.keydown, { capture: true })
    window.addEventListener('keyup', keys.keyup, { capture: true })
    window.addEventListener('blur', keys.blur)
    window.addEventListener('focusin', noteFocus)
    window.addEventListener('focusout', noteFocus)
    return () => {
      window.removeEventListener('focusin', noteFocus)
      window.removeEventListener('focusout', noteFocus)
      keys.dispose()
      untrackHeldKeys()
      window.removeEventListener('keydown', keys.keydown, { capture: true })
      window.removeEventListener('keyup', keys.keyup, { capture: true })
      window.removeEventListener('blur', keys.blur)
    }
  }, [])
}
