import { useEffect } from 'react'
import { bridge } from '../api/bridge'
import { useAppStore, type AppState } from '../store'
import { matchKeys, qwertyKey } from './commands'
import { focusTarget } from './focus-targets'

/** How long the first key of a sequence (`g …`) waits for the second. */
const SEQUENCE_TIMEOUT_MS = 1500
const MODIFIER_KEYS = ['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    target.closest('.monaco-editor') !== null ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  )
}

/** Leaves a text field for the screen, closing what the field belonged to. */
function leaveTextEntry(target: HTMLElement, state: AppState): void {
  target.blur()
  if (state.backendForm) state.openBackendForm(null)
  if (state.overlay) state.setOverlay(null)
  focusTarget(state.screen === 'review' ? 'queue' : 'screen')
}

/** Esc closes the innermost thing open; returns false when there was nothing to close. */
function closeInnermost(state: AppState): boolean {
  if (state.pendingConfirmation) useAppStore.setState({ pendingConfirmation: null })
  else if (state.overlay) state.setOverlay(null)
  else if (state.slaWarnings.length > 0) state.dismissSlaWarnings()
  else if (state.history) state.closeHistory()
  else if (state.picker) state.closePicker()
  else if (state.error) state.dismissError()
  else if (state.notice) state.showNotice(null)
  else if (state.backendForm) state.openBackendForm(null)
  else return false
  return true
}

/**
 * One key handler for the whole window: commands work wherever focus is, except inside a text
 * field (the draft editor included), which `Esc` leaves. Keys are matched by the character the
 * layout produces, then by the physical key, so shortcuts work on any layout.
 */
export function useGlobalKeys(): void {
  useEffect(() => {
    let pending = ''
    let pendingTimer: ReturnType<typeof setTimeout> | undefined

    function onKeyDown(event: KeyboardEvent): void {
      // Background sync gives way for a moment after every keystroke, typing included.
      void bridge.noteReviewerInput().catch(() => {})
      if (event.defaultPrevented || event.isComposing || MODIFIER_KEYS.includes(event.key)) return
      const state = useAppStore.getState()

      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        state.setOverlay(state.overlay === 'palette' ? null : 'palette')
        return
      }
      if (state.capturingKeysFor) {
        // The keymap editor is waiting for the new keys: this press is the answer, not a command.
        event.preventDefault()
        if (event.key === 'Escape') state.captureKeysFor(null)
        else void state.bindKey(state.capturingKeysFor, event.key)
        return
      }
      // Enter and Space on a focused button press the button.
      if (event.target instanceof HTMLButtonElement && (event.key === 'Enter' || event.key === ' ')) return
      if (isTextEntry(event.target)) {
        if (event.key === 'Escape') {
          event.preventDefault()
          leaveTextEntry(event.target as HTMLElement, state)
        }
        return
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return

      if (state.confirmation) {
        event.preventDefault()
        if (event.key === 'y') state.answerConfirmation(true)
        else if (event.key === 'n' || event.key === 'Escape') state.answerConfirmation(false)
        return
      }
      if (state.pendingConfirmation) {
        event.preventDefault()
        const { key, run } = state.pendingConfirmation
        if (event.key === key || event.key === 'Enter') run()
        else useAppStore.setState({ pendingConfirmation: null })
        return
      }
      if (state.picker || state.overlay === 'queue-view') {
        // The picker's own keys (number keys, Tab to its fields) are handled by the picker.
        if (event.key === 'Escape') {
          event.preventDefault()
          if (state.picker) state.closePicker()
          else state.setOverlay(null)
        }
        return
      }
      if (event.key === 'Escape') {
        pending = ''
        if (closeInnermost(state)) event.preventDefault()
        return
      }

      const run = (key: string): boolean => {
        const sequence = pending ? `${pending} ${key}` : key
        const { command, prefix } = matchKeys(state.screen, sequence, state.keymap)
        if (prefix) {
          pending = sequence
          clearTimeout(pendingTimer)
          pendingTimer = setTimeout(() => (pending = ''), SEQUENCE_TIMEOUT_MS)
          return true
        }
        if (!command || (command.isEnabled && !command.isEnabled(state))) return false
        pending = ''
        command.run(state, key)
        return true
      }
      const fallback = qwertyKey(event)
      if (run(event.key) || (fallback !== null && fallback !== event.key && run(fallback))) {
        event.preventDefault()
      } else {
        pending = ''
      }
    }
    // Capture phase, so the editor cannot swallow Esc before focus returns to the queue.
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => {
      clearTimeout(pendingTimer)
      window.removeEventListener('keydown', onKeyDown, { capture: true })
    }
  }, [])
}
