import { boundCommands, type Keymap } from '../../../shared/commands'
import { useAppStore } from '../store'

// Every hint that names a command's key (tabs, banners, the case views' hint lines, the status bar)
// reads it from the reviewer's live keymap, so a remap shows everywhere at once.

const ARROWS: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' }

/**
 * The keys that run command `id` under `keymap` (`boundCommands` in shared/commands.ts: the
 * reviewer's binding, or the default; fixed commands keep theirs), as bound: `g s`, `C`, `ArrowDown`.
 * Throws for an id no command has, so a hint naming a wrong command fails at once.
 */
export function commandKeys(keymap: Keymap, id: string): string {
  const command = boundCommands(keymap).find((candidate) => candidate.id === id)
  if (!command) throw new Error(`No command “${id}” in shared/commands.ts for this key hint.`)
  return command.keys
}

/** Keys as a hint shows them: arrow keys as arrows, the rest as bound (`KeyboardEvent.key` names). */
export function keyLabel(keys: string): string {
  return keys
    .split(' ')
    .map((key) => ARROWS[key] ?? key)
    .join(' ')
}

/** The live keys of command `id`, as a hint shows them; the component re-renders after a remap. */
export function useCommandKeys(id: string): string {
  return useAppStore((state) => keyLabel(commandKeys(state.keymap, id)))
}
