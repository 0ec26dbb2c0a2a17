import { keyNames as layoutKeyNames } from '../../../shared/commands'

/**
 * What a `keydown` means, decided in one place for every key handler in the renderer (the global
 * handler, the pickers, every field that acts on Enter): whether the reviewer pressed it on
 * purpose, and which key names it goes by on their layout (`keyNames` in shared/commands.ts).
 */
type KeyDown = Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'repeat' | 'isComposing' | 'keyCode'> &
  Partial<Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey' | 'getModifierState'>>

/**
 * The names a key goes by (`keyNames` in shared/commands.ts: what it types, and the digit or QWERTY
 * letter at its place). With AltGr held (Linux and macOS report it as the `AltGraph` modifier, not
 * as Ctrl+Alt) the key goes by what it types alone: AltGr+2 typing `@` is not the key `2`.
 */
export function keyNames(event: KeyDown): string[] {
  return event.getModifierState?.('AltGraph') ? [event.key] : layoutKeyNames(event)
}

/**
 * True while an input method composes text: the key belongs to the composition, not to the app.
 * `isComposing` is the W3C UI Events flag; keyCode 229 is what browsers send for a key the input
 * method processed, including the one that starts a composition and, in Safari, the Enter that ends it.
 */
export function isComposing(event: KeyDown): boolean {
  return event.isComposing || event.keyCode === 229
}

/** The first `keydown` of each physical key (`code`, or `key` when there is none) not yet released. */
const heldKeys = new Map<string, KeyDown>()
/** Each keydown's gap to the typing key before it (ms), and when the latest typing key came (`timeStamp`). */
const keyGaps = new WeakMap<object, number>()
let lastTypingKeyAt: number | undefined
/** Keys that type text into a field besides characters: what a sentence or a form's entry is made of. */
const TYPING_NAMED_KEYS = ['Enter', 'Tab', 'Backspace']
const physicalKey = (event: Pick<KeyboardEvent, 'code' | 'key'>) => event.code || event.key

/**
 * Tracks which keys are down on `target` (the renderer's window), for `isRepeat`, and when each
 * typing key came, for `msSinceTypingKey`: a key is down
 * from its first `keydown` until its `keyup`, or until the window loses focus (the `keyup` then
 * goes elsewhere). Releasing ⌘ releases every key, as macOS sends no `keyup` for a key pressed
 * with ⌘ held. Register before any other window `keydown` listener. Returns the un-registration.
 */
export function trackHeldKeys(target: Window): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (!heldKeys.has(physicalKey(event))) heldKeys.set(physicalKey(event), event)
    if (keyGaps.has(event)) return
    keyGaps.set(event, lastTypingKeyAt === undefined ? Infinity : event.timeStamp - lastTypingKeyAt)
    if (isTypingKey(event)) lastTypingKeyAt = event.timeStamp
    // Esc leaving a field ends what was typed there: the key after it is a command. Esc pressed
    // where no text is entered ends nothing (vim's "text<Esc>a", typed for another window).
    else if (event.key === 'Escape' && leavesTextEntry(event)) lastTypingKeyAt = undefined
  }
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key === 'Meta') heldKeys.clear()
    else heldKeys.delete(physicalKey(event))
  }
  const releaseAll = () => {
    heldKeys.clear()
    // Keys typed in another window are not this one's keystrokes.
    lastTypingKeyAt = undefined
  }
  // The window comes to the front (alt-tab, a password manager's auto-type, an app raising it),
  // perhaps amid typing meant for another: a key sooner than the reaction time after it is no look.
  const onFocus = (event: Event) => {
    lastTypingKeyAt = event.timeStamp
  }
  target.addEventListener('keydown', onKeyDown, { capture: true })
  target.addEventListener('keyup', onKeyUp, { capture: true })
  target.addEventListener('blur', releaseAll)
  target.addEventListener('focus', onFocus)
  return () => {
    releaseAll()
    target.removeEventListener('keydown', onKeyDown, { capture: true })
    target.removeEventListener('keyup', onKeyUp, { capture: true })
    target.removeEventListener('blur', releaseAll)
    target.removeEventListener('focus', onFocus)
  }
}

/** Whether a keydown's target is a field text is typed into (an input, a text area, an editable element). */
function leavesTextEntry(event: Event): boolean {
  const target = event.target as { tagName?: string; isContentEditable?: boolean } | null
  return target?.isContentEditable === true || target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA'
}

/**
 * A `keydown` of a key already down: the keyboard's auto-repeat (`repeat`), or a second `keydown`
 * with no `keyup` between, which some remote-desktop tools send for a held key without the flag.
 */
export function isRepeat(event: KeyDown): boolean {
  if (event.repeat) return true
  const first = heldKeys.get(physicalKey(event))
  return first !== undefined && first !== event
}

/**
 * A key of the kind text is typed with: one that types a character (without Ctrl, Alt or ⌘), or
 * Enter, Tab, Backspace, or any key an input method takes. Not Esc, arrows, function keys, or a modifier alone.
 */
function isTypingKey(event: KeyDown): boolean {
  // An input method's keys (keyCode 229, "Process") type text too, Chinese or Japanese.
  if (TYPING_NAMED_KEYS.includes(event.key) || isComposing(event)) return true
  if (!event.getModifierState?.('AltGraph') && (event.ctrlKey || event.altKey || event.metaKey)) return false
  return [...event.key].length === 1
}

/**
 * Milliseconds between this `keydown` and the typing key (`isTypingKey`, held keys' repeats
 * included) before it in this window (`KeyboardEvent.timeStamp`s), or Infinity when there was
 * none, or for an event `trackHeldKeys` has not seen. Typing sends keys 30–150 ms apart: a key that
 * comes sooner than the reviewer's reaction time after a typing key belongs to what was being typed.
 * Esc or an arrow just before a key is a reviewer's own move, not text, and does not count; after
 * an Esc that leaves a field (type an edit, Esc, `a`) the typing before it does not count either.
 */
export function msSinceTypingKey(event: object): number {
  return keyGaps.get(event) ?? Infinity
}

/**
 * Ctrl+Enter (⌘+Enter on Apple keyboards), pressed on purpose: what sends a written question,
 * as in mail and comment boxes, where a plain Enter starts a new line. No typed text contains it.
 */
export function isSendChord(event: KeyDown): boolean {
  return event.key === 'Enter' && (event.ctrlKey === true || event.metaKey === true) && !event.altKey && isDeliberate(event)
}

/**
 * A press the reviewer made on purpose: a new press, not a held key's repeat (`isRepeat`), and
 * not part of an input method's composition.
 */
export function isDeliberate(event: KeyDown): boolean {
  return !isRepeat(event) && !isComposing(event)
}

/** Enter that should act in a field (send, save, close): deliberate, and without Shift (a new line). */
export function isActingEnter(event: KeyDown): boolean {
  return event.key === 'Enter' && !event.shiftKey && isDeliberate(event)
}

/**
 * The text a press types (one character: a letter, a space, punctuation, an emoji), or null for a
 * held key's repeat, a named key (Enter, Tab, arrows), or a shortcut with Ctrl, Alt or ⌘ (AltGr,
 * which types characters, is not a shortcut).
 */
export function typedText(event: KeyDown): string | null {
  return isRepeat(event) ? null : typedCharacter(event)
}

/** The character a press types, as `typedText`, for a held key's repeats too (each types it again). */
export function typedCharacter(event: KeyDown): string | null {
  if (isComposing(event)) return null
  if (!event.getModifierState?.('AltGraph') && (event.ctrlKey || event.altKey || event.metaKey)) return null
  return [...event.key].length === 1 ? event.key : null
}

/**
 * The number 1–9 a deliberate press picks (by the typed digit, or the digit printed on the key), or
 * null. With Ctrl, Alt or ⌘ held (AltGr on Windows is Ctrl+Alt) the key is another shortcut, not a pick.
 */
export function pickedNumber(event: KeyDown): number | null {
  if (!isDeliberate(event) || event.ctrlKey || event.altKey || event.metaKey) return null
  const digit = keyNames(event).find((name) => /^[1-9]$/.test(name))
  return digit ? Number(digit) : null
}
