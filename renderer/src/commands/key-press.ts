import { keyNames } from '../../../shared/commands'

export { keyNames }

/**
 * What a `keydown` means, decided in one place for every key handler in the renderer (the global
 * handler, the pickers, every field that acts on Enter): whether the reviewer pressed it on
 * purpose, and which key names it goes by on their layout (`keyNames` in shared/commands.ts).
 */
type KeyDown = Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'repeat' | 'isComposing' | 'keyCode'> &
  Partial<Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey'>>

/**
 * True while an input method composes text: the key belongs to the composition, not to the app.
 * `isComposing` is the W3C UI Events flag; keyCode 229 is what browsers send for a key the input
 * method processed, including the one that starts a composition and, in Safari, the Enter that ends it.
 */
export function isComposing(event: KeyDown): boolean {
  return event.isComposing || event.keyCode === 229
}

/**
 * A press the reviewer made on purpose: a new press, not the keyboard's auto-repeat of a held key
 * (`repeat`), and not part of an input method's composition.
 */
export function isDeliberate(event: KeyDown): boolean {
  return !event.repeat && !isComposing(event)
}

/** Enter that should act in a field (send, save, close): deliberate, and without Shift (a new line). */
export function isActingEnter(event: KeyDown): boolean {
  return event.key === 'Enter' && !event.shiftKey && isDeliberate(event)
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
