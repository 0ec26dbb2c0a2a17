import { commandKeys, UNBOUND } from '../../../shared/commands'
import { useAppStore } from '../store'

// Every hint that names a command's key (tabs, banners, the case views' hint lines, the status bar)
// reads it from the reviewer's live keymap, so a remap shows everywhere at once.

/** Keys whose `KeyboardEvent.key` name is not what a keycap shows. */
const KEY_NAMES: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc', ' ': 'Space' }
/** Modifiers as a keycap names them elsewhere, and on Apple keyboards; `Mod` is Ctrl, or ⌘ there. */
const MODIFIERS: Record<string, readonly [string, string]> = {
  Mod: ['Ctrl', '⌘'],
  Control: ['Ctrl', '⌃'],
  Meta: ['Meta', '⌘'],
  Alt: ['Alt', '⌥'],
  Shift: ['Shift', '⇧']
}

/** Whether the reviewer's keyboard is an Apple one (⌘ where others have Ctrl). */
export const APPLE_KEYBOARD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/**
 * Keys as a hint shows them, for this platform: `Mod+k` is Ctrl+K (⌘K on Apple keyboards),
 * `ArrowDown` ↓, a sequence's keys stay apart (`g s`); letters are as bound (`C` is Shift+C); a
 * command without keys (UNBOUND) has "no key".
 */
export function keyLabel(keys: string, apple = APPLE_KEYBOARD): string {
  if (keys === UNBOUND) return 'no key'
  return keys
    .split(' ')
    .map((chord) => chordLabel(chord, apple))
    .join(' ')
}

/** One chord (`Mod+k`, `ArrowDown`, `+`): its modifiers, then its key. */
function chordLabel(chord: string, apple: boolean): string {
  const parts = chord.length > 1 && !chord.endsWith('++') ? chord.split('+') : [chord]
  const key = parts.pop()!
  const modifiers = parts.map((modifier) => MODIFIERS[modifier]?.[apple ? 1 : 0] ?? modifier)
  const name = KEY_NAMES[key] ?? (modifiers.length > 0 && key.length === 1 ? key.toUpperCase() : key)
  return [...modifiers, name].join(apple ? '' : '+')
}

/** The live keys of command `id`, as a hint shows them; the component re-renders after a remap. */
export function useCommandKeys(id: string): string {
  return useAppStore((state) => keyLabel(commandKeys(state.keymap, id)))
}
