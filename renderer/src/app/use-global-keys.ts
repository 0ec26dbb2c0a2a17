import { useEffect } from 'react'
import { useAppStore } from '../store'
import { commandForKey } from './commands'
import { focusTarget } from './focus-targets'

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    target.closest('.monaco-editor') !== null ||
    target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  )
}

/**
 * One key handler for the whole window: commands work wherever focus is, except inside a text
 * field (the draft editor included), which `Esc` leaves.
 */
export function useGlobalKeys(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || event.isComposing) return
      if (isTextEntry(event.target)) {
        if (event.key === 'Escape') {
          event.preventDefault()
          ;(event.target as HTMLElement).blur()
          focusTarget('queue')
        }
        return
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return
      const state = useAppStore.getState()

      if (state.rejectPickerOpen) {
        event.preventDefault()
        if (event.key === 'Escape') state.closeRejectPicker()
        else if (/^[1-9]$/.test(event.key)) void state.rejectWith(Number(event.key) - 1)
        return
      }
      if (event.key === 'Escape' && state.error) {
        state.dismissError()
        return
      }
      const command = commandForKey(event.key)
      if (!command || (command.isEnabled && !command.isEnabled(state))) return
      event.preventDefault()
      command.run(state)
    }
    // Capture phase, so the editor cannot swallow Esc before we return focus to the queue.
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [])
}
