import { boundCommands, DIGIT_KEYS, PALETTE_KEYS, type Keymap } from '../../shared/commands'

export interface MenuCommandItem {
  id: string
  title: string
  keys: string
  /** An Electron accelerator to display next to the item, when the keys have one. */
  accelerator: string | null
}

export interface MenuSection {
  label: string
  items: MenuCommandItem[]
}

const NAMED_KEYS: Record<string, string> = { Enter: 'Enter', ArrowDown: 'Down', ArrowUp: 'Up', '/': '/', '?': 'Shift+/' }

/** The accelerator Electron shows for single keys; sequences (`g s`) and digit ranges have none. */
export function acceleratorFor(keys: string): string | null {
  if (keys === PALETTE_KEYS) return 'CmdOrCtrl+K'
  if (keys === DIGIT_KEYS || keys.includes(' ')) return null
  if (NAMED_KEYS[keys]) return NAMED_KEYS[keys]!
  if (/^[a-z0-9]$/.test(keys)) return keys.toUpperCase()
  if (/^[A-Z]$/.test(keys)) return `Shift+${keys}`
  return null
}

/**
 * The command menus, one per section, built from the same command list as the palette and the
 * cheat sheet (with the reviewer's keymap applied). Pure data: menu.ts turns it into menus.
 */
export function commandMenuSections(keymap: Keymap): MenuSection[] {
  const sections = new Map<string, MenuCommandItem[]>()
  for (const command of boundCommands(keymap)) {
    const items = sections.get(command.section) ?? []
    items.push({ id: command.id, title: command.title, keys: command.keys, accelerator: acceleratorFor(command.keys) })
    sections.set(command.section, items)
  }
  return [...sections].map(([label, items]) => ({ label, items }))
}
