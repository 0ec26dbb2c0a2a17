import { useEffect } from 'react'
import { useAppStore } from '../store'
import { matchKeys } from './commands'
import { focusTarget } from './focus-targets'

/** How long the first key of a sequence (`g …`) waits for the second. */
const SEQUENCE_TIMEOUT_MS = 1500

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

/**
 * One key handler for the whole window: commands work wherever focus is, except inside a text
 * field (the draft editor included), which `Esc` leaves.
 */
export function useGlobalKeys(): void {
  useEffect(() => {
    let pending = ''
    let pendingTimer: ReturnType<typeof setTimeout> | undefined

    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || event.isComposing) return
      const state = useAppStore.getState()
      if (isTextEntry(event.target)) {
        if (event.key === 'Escape') {
          event.preventDefault()
          ;(event.target as HTMLElement).blur()
          if (state.backendForm) state.openBackendForm(null)
          focusTarget(state.screen === 'review' ? 'queue' : 'screen')
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
      if (state.rejectPickerOpen) {
        event.preventDefault()
        if (event.key === 'Escape') state.closeRejectPicker()
        else if (/^[1-9]$/.test(event.key)) void state.rejectWith(Number(event.key) - 1)
        return
      }
      if (event.key === 'Escape') {
        if (state.history) state.closeHistory()
        else if (state.error) state.dismissError()
        else if (state.backendForm) state.openBackendForm(null)
        pending = ''
        return
      }
      const sequence = pending ? `${pending} ${event.key}` : event.key
      const { command, prefix } = matchKeys(state.screen, sequence)
      clearTimeout(pendingTimer)
      pending = ''
      if (prefix) {
        event.preventDefault()
        pending = sequence
        pendingTimer = setTimeout(() => (pending = ''), SEQUENCE_TIMEOUT_MS)
        return
      }
      if (!command || (command.isEnabled && !command.isEnabled(state))) return
      event.preventDefault()
      command.run(state)
    }
    // Capture phase, so the editor cannot swallow Esc before we return focus to the queue.
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => {
      clearTimeout(pendingTimer)
      window.removeEventListener('keydown', onKeyDown, { capture: true })
    }
  }, [])
}
