import type { AppState } from '../store'
import { shownSlaWarnings, visibleProblems } from '../store/selectors'
import { typedReason } from '../store/decision-slice'
import { HISTORY_HOLDS_KEYS } from '../store/audit-slice'
import { cancelPendingFocus, focusTarget, isFocusPending } from '../ui/focus-targets'
import { pageScroll } from '../ui/page-scroll'
import { matchKeys } from './command-table'
import { keyLabel } from './key-hints'
import { isComposing, isRepeat, keyNames, msSinceTypingKey, typedCharacter, typedText } from './key-press'

/** How long the first key of a sequence (`g …`) waits for the second. */
const SEQUENCE_TIMEOUT_MS = 1500
const MODIFIER_KEYS = ['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']

/** An element of the page (false in Node, where keys are dispatched without a DOM in unit tests). */
function isElement(target: EventTarget | null): target is HTMLElement {
  return typeof HTMLElement !== 'undefined' && target instanceof HTMLElement
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!isElement(target)) return false
  return (
    target.isContentEditable ||
    target.closest('.monaco-editor') !== null ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  )
}

/**
 * The source beside the proposal (Monaco's original side, read-only in the DOM too), reached with
 * Tab round the page: it never types, so a key that types a character is a command
 * there, as on the rest of the screen; the keys that move its caret or select (arrows, PageUp,
 * Home, Ctrl+C) stay with it, for reading and copying. Only the source: a proposal that a new
 * revision made read-only under the reviewer's typing, or a read-only field in a form, keeps
 * every key (what is typed there was never meant as a command).
 */
function isSourceText(target: EventTarget | null): boolean {
  return isElement(target) && target.tagName === 'TEXTAREA' && (target as HTMLTextAreaElement).readOnly && target.closest('.original-in-monaco-diff-editor') !== null
}

/** Whether keys pressed with focus on `target` go to text (typed, or refused by a read-only field) rather than to the screen's commands. */
export function keysGoToText(target: EventTarget | null): boolean {
  return isTextEntry(target) && !isSourceText(target)
}

/**
 * Whether focus on `target` ends a decision waiting for its key again: any text but the palette's
 * query, whose commands answer the prompt as keys do (its Approve on the same case confirms).
 * Typed into the draft, the prompt's key was text, and the edits made next were never quoted.
 */
export function endsWaitingDecision(target: EventTarget | null): boolean {
  return keysGoToText(target) && !(isElement(target) && target.closest('.palette') !== null)
}

/** Leaves a text field for the screen, closing what the field belonged to. */
function leaveTextEntry(target: HTMLElement, state: AppState): void {
  target.blur()
  if (state.backendForm) state.openBackendForm(null)
  if (state.overlay) state.setOverlay(null)
  // Esc in a picker's note cancels the picker: nothing is recorded (its hint line says so).
  if (state.picker) state.closePicker()
  focusTarget(state.screen === 'review' ? 'queue' : 'screen')
}

/** Esc closes the innermost thing open; returns false when there was nothing to close. */
function closeInnermost(state: AppState): boolean {
  if (state.pendingConfirmation) state.cancelPendingConfirmation(null)
  else if (state.overlay) state.setOverlay(null)
  // The due-soon line shown: warnings it leaves out (cases decided since) are not a thing open.
  else if (shownSlaWarnings(state).length > 0) state.dismissSlaWarnings()
  else if (state.history) state.closeHistory()
  else if (state.picker) state.closePicker()
  else if (state.error) state.dismissError()
  else if (state.notice) state.showNotice(null)
  else if (state.backendForm) state.openBackendForm(null)
  else if (visibleProblems(state).length > 0) state.hideProblems(visibleProblems(state))
  else return false
  return true
}

/** The window's key listeners the dispatcher provides; the shell registers them (capture phase). */
export interface KeyDispatcher {
  keydown(event: KeyboardEvent): void
  keyup(event: KeyboardEvent): void
  /** The window lost focus: no key is held any more. */
  blur(): void
  /** Drops a half-typed sequence's timer. */
  dispose(): void
}

/**
 * One key handler for the whole window: commands work wherever focus is, except inside a text
 * field (the draft editor included), which `Esc` leaves. Keys match by the character the layout
 * types (`keyNames`). No key acts while an input method composes, and a held key is one press:
 * its auto-repeat moves (commands marked `repeats`: j, k, arrows) but never decides, confirms,
 * picks, undoes or opens a prompt; while the key that ran a command is still down, its repeats
 * reach nothing else either (no `iiii` in the question the `i` opened). Decisions carry the
 * press's time, so the decision slice can refuse a case not yet seen for the reaction time.
 *
 * `getState` reads the store at each press; `noteReviewerInput` is called on every keydown (typing
 * included) so background sync can give way. `isRepeat` needs `trackHeldKeys` registered first.
 */
export function createKeyDispatcher(getState: () => AppState, noteReviewerInput: () => void): KeyDispatcher {
  let pending = ''
  let pendingTimer: ReturnType<typeof setTimeout> | undefined
  /** The physical key whose press ran a command, until it is released. */
  let heldKey: string | null = null

  function onKeyDown(event: KeyboardEvent): void {
    // Background sync gives way for a moment after every keystroke, typing included.
    noteReviewerInput()
    if (event.defaultPrevented || isComposing(event) || MODIFIER_KEYS.includes(event.key)) return
    const repeat = isRepeat(event)
    if (repeat && event.code === heldKey) {
      event.preventDefault()
      event.stopPropagation()
      return
    }
    const state = getState()
    const names = keyNames(event)
    const press = (key: string) => ({ key, at: event.timeStamp, afterKeyMs: msSinceTypingKey(event) })

    if ((event.ctrlKey || event.metaKey) && !event.altKey && names.some((name) => name.toLowerCase() === 'k')) {
      event.preventDefault()
      // The palette's commands act on the case on screen: a history over it closes first.
      if (!repeat && state.history) state.closeHistory()
      if (!repeat) state.setOverlay(state.overlay === 'palette' ? null : 'palette')
      return
    }
    if (state.capturingKeysFor) {
      // The keymap editor is waiting for the new keys: this press is the answer, not a command.
      event.preventDefault()
      if (repeat) return
      heldKey = event.code
      if (event.key === 'Escape') state.captureKeysFor(null)
      else if (event.ctrlKey || event.metaKey || event.altKey) {
        // Shortcuts are single keys: binding Ctrl+Enter as its bare `Enter` would make a plain Enter decide.
        state.showError('Shortcuts are single keys, without Ctrl, Alt or ⌘. Press the new key, or Esc.')
      } else void state.bindKey(state.capturingKeysFor, names[0]!)
      return
    }
    if (isElement(event.target) && event.target.tagName === 'BUTTON' && (event.key === 'Enter' || event.key === ' ')) {
      // Enter and Space on a focused button press the button, once however long they are held.
      if (repeat) event.preventDefault()
      return
    }
    if (isTextEntry(event.target) && !(isSourceText(event.target) && typedCharacter(event) !== null)) {
      // A decision waiting for its key again, and focus already in a text: any other key cancels
      // it, as the prompt says, and this one types on.
      if (state.pendingConfirmation && endsWaitingDecision(event.target)) state.cancelPendingConfirmation(event.key === 'Escape' ? null : event.key.length === 1 ? `“${event.key}”` : keyLabel(event.key))
      if (event.key === 'Escape') {
        event.preventDefault()
        leaveTextEntry(event.target as HTMLElement, state)
      }
      return
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return
    if (isFocusPending()) {
      // `e` (or `m`) asked for a place still arriving (a chunk of its own): what is typed meanwhile
      // was meant for it, not for the screen under it ("just" would move to the next case).
      if (event.key === 'Escape') cancelPendingFocus()
      else if (typedText(event) !== null || event.key === 'Enter' || event.key === 'Backspace') {
        event.preventDefault()
        return
      }
    }

    if (state.confirmation) {
      event.preventDefault()
      if (repeat) return
      if (names.includes('y')) {
        // "yes", "yourself": a y typed amid other keys answers nothing (the prompt stays).
        const typed = typedReason(state, press('y'))
        if (typed) state.showError(typed)
        else state.answerConfirmation(true)
      }
      else if (names.includes('n') || event.key === 'Escape') state.answerConfirmation(false)
      return
    }
    if (state.pendingConfirmation) {
      // A held key neither confirms nor cancels: confirming takes a new press on the same case.
      event.preventDefault()
      if (repeat) return
      const { key } = state.pendingConfirmation
      heldKey = event.code
      // Only the prompt's own key confirms ("any other key to cancel", Enter included). The key
      // that cancels does nothing else: it was meant for a screen without the prompt, and the
      // keys that follow it (the rest of a sequence, of a word) find the case view as it was.
      if (names.includes(key)) void state.confirmPending(press(key))
      // Reading on before confirming: PageDown and PageUp scroll, and the prompt stays.
      else if (event.key === 'PageDown' || event.key === 'PageUp') pageScroll(event.key === 'PageDown' ? 1 : -1)
      else state.cancelPendingConfirmation(event.key === 'Escape' ? null : event.key.length === 1 ? `“${event.key}”` : keyLabel(event.key))
      return
    }
    if (state.overlay === 'cheat-sheet') {
      // The sheet covers the case: no key reaches it (no moving to a case unseen, no deciding one)
      // until the sheet is closed, with Esc or `?` again. PageDown and PageUp scroll the sheet,
      // which a short window cuts off (held, they go on).
      event.preventDefault()
      event.stopPropagation()
      if (event.key === 'PageDown' || event.key === 'PageUp') return void pageScroll(event.key === 'PageDown' ? 1 : -1)
      if (repeat) return
      if (event.key === 'Escape' || names.includes(state.keymap['app.cheatSheet'] ?? '?')) state.setOverlay(null)
      return
    }
    if (state.history && !state.overlay && !state.picker) {
      // The history covers the case, as a dialog: no key reaches the case under it (j moved the
      // case behind while the history stayed the one before; 1 decided a case it hid). Esc or
      // its own key closes it; the keys that scroll (arrows, PageDown, Space) scroll it.
      if (event.key === 'Escape' || (!repeat && names.includes(state.keymap['audit.caseHistory'] ?? 'h'))) {
        event.preventDefault()
        state.closeHistory()
      } else if (typedText(event) !== null || event.key === 'Enter') {
        event.preventDefault()
        state.showError(HISTORY_HOLDS_KEYS)
      }
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
      const enabled = command !== undefined && (!command.isEnabled || command.isEnabled(state))
      if (repeat) {
        // A held key only moves: it neither starts nor ends a sequence, nor runs anything else.
        if (enabled && command.repeats) command.run(state, press(key))
        return enabled || prefix
      }
      if (prefix) {
        pending = sequence
        clearTimeout(pendingTimer)
        pendingTimer = setTimeout(() => (pending = ''), SEQUENCE_TIMEOUT_MS)
        return true
      }
      if (!enabled) return false
      pending = ''
      if (!command.repeats) heldKey = event.code
      command.run(state, press(key))
      return true
    }
    if (names.some(run)) event.preventDefault()
    else if (!repeat) pending = ''
  }
  function onKeyUp(event: KeyboardEvent): void {
    if (event.code === heldKey) heldKey = null
  }
  function onBlur(): void {
    heldKey = null
  }

  return { keydown: onKeyDown, keyup: onKeyUp, blur: onBlur, dispose: () => clearTimeout(pendingTimer) }
}
