/**
 * Every command a reviewer can run, as data: id, title, default keys, where it applies. The
 * renderer binds each id to what it does; the key handler, the hint bar, the command palette,
 * the cheat sheet and the Electron menus all read this one list, with the reviewer's own keymap
 * applied on top, so a command defined once appears everywhere with the same keys.
 */
export type Screen = 'review' | 'insights' | 'audit' | 'undelivered' | 'settings'

export type CommandSection = 'Review' | 'Decide' | 'Lists' | 'Insights' | 'Audit' | 'Settings' | 'Go to' | 'App'

export interface CommandSpec {
  id: string
  title: string
  /** `KeyboardEvent.key` values; a space separates the keys of a sequence (`g s`). */
  keys: string
  section: CommandSection
  /** Screens where it applies; everywhere when absent. */
  screens?: readonly Screen[]
  /** A short label for the hint bar; commands without one are not advertised there. */
  hint?: string
  /** Fixed keys cannot be remapped (number keys pick options; the palette key is universal). */
  fixed?: boolean
  /** Held down, the key repeats the command (moving). Every other command runs once per press. */
  repeats?: boolean
  /** Other words the command palette finds it by: what a reviewer may call it, in other tools' terms. */
  keywords?: readonly string[]
}

/** Number keys pick the n-th option, reason, field survivor…; one command stands for all nine. */
export const DIGIT_KEYS = '1-9'
export const PALETTE_KEYS = 'Mod+k'

export const COMMAND_SPECS: readonly CommandSpec[] = [
  { id: 'queue.next', title: 'Next case', keys: 'j', section: 'Review', screens: ['review'], hint: 'next', repeats: true },
  { id: 'queue.previous', title: 'Previous case', keys: 'k', section: 'Review', screens: ['review'], hint: 'previous', repeats: true },
  { id: 'queue.filter', title: 'Filter the queue', keys: '/', section: 'Review', screens: ['review'] },
  { id: 'queue.view', title: 'Sort and narrow the queue', keys: 'f', section: 'Review', screens: ['review'] },
  { id: 'review.triage', title: 'Triage mode: one case at a time', keys: 't', section: 'Review', screens: ['review'] },
  { id: 'editor.focus', title: 'Edit the proposal', keys: 'e', section: 'Review', screens: ['review'], hint: 'edit' },
  { id: 'editor.dropEdits', title: 'Drop your edits: the proposal as sent (press again to bring them back)', keys: 'E', section: 'Review', screens: ['review'], hint: 'drop edits', keywords: ['revert', 'discard', 'reset', 'restore', 'original', 'undo edits'] },
  { id: 'merge.nextField', title: 'Next merge field', keys: 'ArrowDown', section: 'Review', screens: ['review'], repeats: true },
  { id: 'merge.previousField', title: 'Previous merge field', keys: 'ArrowUp', section: 'Review', screens: ['review'], repeats: true },
  { id: 'audit.caseHistory', title: 'History of this case', keys: 'h', section: 'Review', screens: ['review'] },
  { id: 'claims.checkout', title: 'Take these cases with me (hold them while offline)', keys: 'c', section: 'Review', screens: ['review'] },
  { id: 'claims.return', title: 'Back from the field: hand back checked-out cases', keys: 'C', section: 'Review', screens: ['review'] },

  { id: 'decision.approve', title: 'Approve', keys: 'a', section: 'Decide', screens: ['review'], hint: 'approve' },
  { id: 'decision.pick', title: 'Pick option, label or surviving value 1–9', keys: DIGIT_KEYS, section: 'Decide', screens: ['review'], fixed: true },
  { id: 'decision.reject', title: 'Reject with a reason', keys: 'r', section: 'Decide', screens: ['review'], hint: 'reject' },
  { id: 'decision.reroute', title: 'Reroute or escalate', keys: 'o', section: 'Decide', screens: ['review'] },
  { id: 'decision.defer', title: 'Defer until later', keys: 'd', section: 'Decide', screens: ['review'] },
  { id: 'decision.needsInfo', title: 'Ask for more information', keys: 'i', section: 'Decide', screens: ['review'] },
  { id: 'decision.takeOver', title: 'Take over a colleague’s case', keys: 'T', section: 'Decide', screens: ['review'] },
  { id: 'decision.undo', title: 'Undo the last decision', keys: 'u', section: 'Decide', hint: 'undo' },

  { id: 'list.next', title: 'Next item', keys: 'j', section: 'Lists', screens: ['settings', 'undelivered', 'audit', 'insights'], hint: 'next', repeats: true },
  { id: 'list.previous', title: 'Previous item', keys: 'k', section: 'Lists', screens: ['settings', 'undelivered', 'audit', 'insights'], hint: 'previous', repeats: true },
  { id: 'undelivered.redo', title: 'Decide the case again', keys: 'Enter', section: 'Lists', screens: ['undelivered'], hint: 'decide again' },
  { id: 'undelivered.discard', title: 'Discard the decision', keys: 'x', section: 'Lists', screens: ['undelivered'], hint: 'discard' },

  { id: 'insights.table', title: 'Show the chart as a table, or back', keys: 't', section: 'Insights', screens: ['insights'], hint: 'table' },
  { id: 'insights.export', title: 'Export the chart’s data as CSV', keys: 'x', section: 'Insights', screens: ['insights'], hint: 'export CSV' },
  { id: 'insights.reload', title: 'Load the insights again', keys: 'r', section: 'Insights', screens: ['insights'] },

  { id: 'audit.openHistory', title: 'History of the selected decision’s case', keys: 'Enter', section: 'Audit', screens: ['audit'], hint: 'case history' },
  { id: 'audit.verify', title: 'Verify the whole chain', keys: 'v', section: 'Audit', screens: ['audit'], hint: 'verify' },
  { id: 'audit.export', title: 'Export the audit log', keys: 'x', section: 'Audit', screens: ['audit'], hint: 'export log' },

  { id: 'settings.addBackend', title: 'Add a backend', keys: 'n', section: 'Settings', screens: ['settings'], hint: 'add backend' },
  { id: 'settings.editBackend', title: 'Edit the selected backend', keys: 'Enter', section: 'Settings', screens: ['settings'], hint: 'edit' },
  { id: 'settings.removeBackend', title: 'Remove the selected backend', keys: 'x', section: 'Settings', screens: ['settings'], hint: 'remove' },
  { id: 'settings.exportDecisions', title: 'Export decisions to a file', keys: 'e', section: 'Settings', screens: ['settings'], hint: 'export decisions' },
  { id: 'settings.rotateKey', title: 'Make a new signing key', keys: 'K', section: 'Settings', screens: ['settings'] },
  { id: 'settings.keymap', title: 'Change keyboard shortcuts', keys: 'm', section: 'Settings', screens: ['settings'], hint: 'shortcuts' },

  { id: 'go.review', title: 'Go to review', keys: 'g r', section: 'Go to' },
  { id: 'go.insights', title: 'Go to insights', keys: 'g i', section: 'Go to' },
  { id: 'go.undelivered', title: 'Go to decisions not applied', keys: 'g u', section: 'Go to' },
  { id: 'go.audit', title: 'Go to the audit trail', keys: 'g a', section: 'Go to' },
  { id: 'go.settings', title: 'Go to settings', keys: 'g s', section: 'Go to' },

  { id: 'view.pageDown', title: 'Scroll down what the window cuts off (case facts, options, the case’s text, a screen)', keys: 'PageDown', section: 'App', repeats: true },
  { id: 'view.pageUp', title: 'Scroll back up', keys: 'PageUp', section: 'App', repeats: true },
  { id: 'sync.now', title: 'Sync now', keys: 's', section: 'App', hint: 'sync' },
  { id: 'app.palette', title: 'Command palette', keys: PALETTE_KEYS, section: 'App', fixed: true },
  { id: 'app.cheatSheet', title: 'Keyboard shortcuts', keys: '?', section: 'App', hint: 'keys' }
]

/**
 * How long a case must have been on screen before a decision key applies to it, in milliseconds:
 * about a human's fastest reaction to something seen, so keys typed ahead while one case gives
 * way to the next never decide the new one. The reviewer can change it within these bounds.
 */
export const REACTION_TIME_MS = { default: 150, min: 50, max: 1000 } as const

/** Approvals in a row that earn a rule its place among the autonomy candidates (Insights): the range the services take. */
export const AUTONOMY_THRESHOLD = { min: 2, max: 10_000 } as const

/** The fields of a `KeyboardEvent` (W3C UI Events) that say which key was pressed. */
export interface KeyIdentity {
  /** The character the layout typed, or a named key (`Enter`, `ArrowDown`). */
  key: string
  /** The physical key, named after its place on a US QWERTY keyboard (`KeyA`, `Digit1`, `Slash`). */
  code: string
  shiftKey: boolean
}

/** One Latin letter. */
const LATIN_LETTER = /^\p{Script=Latin}$/u
/** One letter of a script other than Latin: Cyrillic, Greek, Hebrew, Arabic, kana… */
const OTHER_SCRIPT_LETTER = /^(?!\p{Script=Latin})\p{Letter}$/u

/** What a US QWERTY keyboard types at a physical key, for the keys shortcuts use; null for others. */
function qwertyAt(code: string, shiftKey: boolean): string | null {
  const letter = /^Key([A-Z])$/.exec(code)?.[1]
  if (letter) return shiftKey ? letter : letter.toLowerCase()
  if (code === 'Slash') return shiftKey ? '?' : '/'
  return null
}

/**
 * The names a key press goes by, to match against command keys, first to last. First, always,
 * the character the layout typed (`key`). Then the physical key (`code`) only where the typed
 * character cannot be what the reviewer meant a shortcut by:
 * - on a letter key or `/`, a letter of another script: Russian `ф` is also `a`, Greek `ψ` also `c`;
 * - on a digit key without Shift, anything but that digit: AZERTY's `&`, `é`, `"` are also 1, 2, 3,
 *   so number keys pick by the number printed on them.
 * A Latin letter, or punctuation on a letter key, is only itself: on AZERTY the key that types `q`
 * is `q` (never `a`), on Dvorak `p` is `p` (never `r`) and `.` is not `e`. Its case is Shift's:
 * with Caps Lock on, `e` types `E` without Shift, and is `e` (edit), not `E` (drop edits); so
 * is a letter of another script (`Ф` without Shift is `ф`, then `a`). Case is folded without a
 * locale: on Turkish Q with Caps Lock, the ı key's `I` is taken as `i`.
 */
export function keyNames({ key, code, shiftKey }: KeyIdentity): string[] {
  const digit = /^Digit([0-9])$/.exec(code)?.[1]
  if (digit) return !shiftKey && key !== digit ? [key, digit] : [key]
  // Caps Lock inverts a letter's case; the shortcut is the letter as Shift makes it.
  const shifted = shiftKey ? key.toUpperCase() : key.toLowerCase()
  const typed = /^\p{Letter}$/u.test(key) && shifted.length === 1 ? shifted : key
  if (LATIN_LETTER.test(key)) return [typed]
  const qwerty = OTHER_SCRIPT_LETTER.test(key) ? qwertyAt(code, shiftKey) : null
  return qwerty && qwerty !== typed ? [typed, qwerty] : [typed]
}

/** The reviewer's remapped keys: command id → keys. */
export type Keymap = Record<string, string>

/** Every command with the keymap applied. */
export function boundCommands(keymap: Keymap = {}): CommandSpec[] {
  const remapped = COMMAND_SPECS.filter((spec) => keymap[spec.id] && !spec.fixed).map((spec) => ({ ...spec, keys: keymap[spec.id]! }))
  return COMMAND_SPECS.map((spec) => {
    if (spec.fixed) return spec
    const own = remapped.find((bound) => bound.id === spec.id)
    if (own) return own
    // Default keys the reviewer gave to another command, on every screen this one is on, are
    // theirs: they chose them before this command came with them. It goes without keys (`UNBOUND`) until given some in Settings, and
    // runs from the palette meanwhile; their key runs what they bound it to.
    const taken = remapped.some((bound) => screensCover(bound, spec) && keysCollide(spec.keys, bound.keys))
    return taken ? { ...spec, keys: UNBOUND } : spec
  })
}

/** The keys of a command that has none (`boundCommands`): no key press matches them. */
export const UNBOUND = ''

/** Each keymap's keys by command id: hints ask at every store update, and the store's keymaps are replaced, never changed. */
const keysByKeymap = new WeakMap<Keymap, Map<string, string>>()

/**
 * The keys that run command `id` under `keymap` (`boundCommands`: the reviewer's binding, or the
 * default; fixed commands keep theirs), as bound: `g s`, `C`, `ArrowDown`. Throws for an id no
 * command has, so a hint naming a wrong command fails at once.
 */
export function commandKeys(keymap: Keymap, id: string): string {
  let keys = keysByKeymap.get(keymap)
  if (!keys) keysByKeymap.set(keymap, (keys = new Map(boundCommands(keymap).map((command) => [command.id, command.keys]))))
  const bound = keys.get(id)
  if (bound === undefined) throw new Error(`No command “${id}” in shared/commands.ts for this key hint.`)
  return bound
}

/**
 * Whether `a` applies on every screen `b` does: only then do keys bound to `a` leave `b` none (a
 * review-only `g` takes nothing from the go-to keys on other screens).
 */
function screensCover(a: CommandSpec, b: CommandSpec): boolean {
  if (!a.screens) return true
  return b.screens !== undefined && b.screens.every((screen) => a.screens!.includes(screen))
}

function screensOverlap(a: CommandSpec, b: CommandSpec): boolean {
  if (!a.screens || !b.screens) return true
  return a.screens.some((screen) => b.screens!.includes(screen))
}

/** Two key sequences collide if equal, or if one begins the other (`g` would shadow `g s`). */
function keysCollide(a: string, b: string): boolean {
  const digit = (keys: string) => keys === DIGIT_KEYS || /^[1-9]$/.test(keys)
  if (digit(a) && digit(b)) return true
  return a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `)
}

/** `KeyboardEvent.key` values that name no one key (UI Events key values: dead keys, input methods, modifiers that type nothing). */
const SHARED_KEY_NAMES = ['Dead', 'Process', 'Unidentified', 'Compose', 'AltGraph', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock']

/** Why `keys` cannot be bound to command `id` (a message for the reviewer), or null if it can. */
export function bindingConflict(id: string, keys: string, keymap: Keymap = {}): string | null {
  const commands = boundCommands(keymap)
  const command = commands.find((candidate) => candidate.id === id)
  if (!command) return `There is no command "${id}".`
  if (command.fixed) return `“${command.title}” always uses ${command.keys}.`
  if (!/^\S+( \S+)?$/.test(keys)) return 'Use one key, or two keys in sequence.'
  if (['Escape', 'Tab', 'Shift', 'Control', 'Alt', 'Meta'].includes(keys)) return `${keys} is reserved.`
  // Names a browser gives many keys at once: every dead key of a layout (^ ´ ` ¨ on German or
  // French) is "Dead", an input method's keys "Process"; bound, each would run the command.
  const shared = keys.split(' ').find((key) => SHARED_KEY_NAMES.includes(key))
  if (shared) return `That key is reported as “${shared}”, as other keys are (a dead key, an input method’s key): choose another.`
  const clash = commands.find((other) => other.id !== id && screensOverlap(command, other) && keysCollide(keys, other.keys))
  return clash ? `${keys} is already “${clash.title}” (${clash.keys}).` : null
}
