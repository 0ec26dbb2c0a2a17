import { describe, expect, it } from 'vitest'
import { acceleratorFor, commandMenuSections } from '../../electron/main/menu-template'
import { bindingConflict, boundCommands, COMMAND_SPECS, keyNames, UNBOUND } from '../../shared/commands'

describe('the command list', () => {
  it('has unique ids, and no two default keys collide on a screen', () => {
    expect(new Set(COMMAND_SPECS.map((spec) => spec.id)).size).toBe(COMMAND_SPECS.length)
    for (const spec of COMMAND_SPECS.filter((candidate) => !candidate.fixed)) {
      expect(bindingConflict(spec.id, spec.keys), `${spec.id} (${spec.keys})`).toBeNull()
    }
  })

  it('refuses conflicting, prefix-shadowing and reserved bindings, naming the clash', () => {
    expect(bindingConflict('queue.next', 'a')).toBe('a is already “Approve” (a).')
    expect(bindingConflict('queue.next', 'g')).toBe('g is already “Go to review” (g r).')
    expect(bindingConflict('queue.next', 'Escape')).toBe('Escape is reserved.')
    expect(bindingConflict('decision.pick', '5')).toMatch(/always uses 1-9/)
    // The same key on screens that never meet is fine.
    expect(bindingConflict('queue.next', 'x')).toBeNull()
  })

  it('leaves a command without keys when the reviewer’s own keys took its default before it came', () => {
    // A keymap saved before "drop edits" had E: E stays theirs.
    const keymap = { 'decision.reroute': 'E' }
    const keysOf = (id: string, bound = boundCommands(keymap)) => bound.find((command) => command.id === id)!.keys
    expect([keysOf('decision.reroute'), keysOf('editor.dropEdits')]).toEqual(['E', UNBOUND])
    expect(bindingConflict('editor.dropEdits', 'E', keymap)).toBe('E is already “Reroute or escalate” (E).')
    expect(bindingConflict('editor.dropEdits', 'Y', keymap)).toBeNull()
    expect(keysOf('editor.dropEdits', boundCommands({ ...keymap, 'editor.dropEdits': 'Y' }))).toBe('Y')
    // Keys on screens that never meet take nothing from each other.
    expect(keysOf('editor.dropEdits', boundCommands({ 'list.next': 'E' }))).toBe('E')
    expect(acceleratorFor(UNBOUND)).toBeNull()
  })

  it('menus carry every command with the reviewer’s keys', () => {
    const keymap = { 'queue.next': 'l' }
    const items = commandMenuSections(keymap).flatMap((section) => section.items)
    expect(items.map((item) => item.id).sort()).toEqual(COMMAND_SPECS.map((spec) => spec.id).sort())
    expect(items.find((item) => item.id === 'queue.next')).toMatchObject({ keys: 'l', accelerator: 'L' })
    expect(boundCommands(keymap).find((command) => command.id === 'queue.next')!.keys).toBe('l')
    expect([acceleratorFor('g s'), acceleratorFor('K'), acceleratorFor('Mod+k'), acceleratorFor('?')]).toEqual([null, 'Shift+K', 'CmdOrCtrl+K', 'Shift+/'])
  })
})

describe('which keys a press goes by on other layouts', () => {
  // key/code pairs as each layout sends them (W3C UI Events: `code` names the US QWERTY place).
  const press = (key: string, code: string, shiftKey = false) => keyNames({ key, code, shiftKey })

  it('a Latin letter is only itself, wherever the key sits', () => {
    expect(press('q', 'KeyA')).toEqual(['q']) // AZERTY: the key that types q never approves
    expect(press('a', 'KeyQ')).toEqual(['a'])
    expect(press('p', 'KeyR')).toEqual(['p']) // Dvorak: p never rejects
    expect(press('o', 'KeyS')).toEqual(['o'])
    expect(press('.', 'KeyE')).toEqual(['.']) // Dvorak: punctuation on a letter key is not that letter
    expect(press('é', 'KeyA')).toEqual(['é'])
  })

  it('a Latin letter’s case is Shift’s, so Caps Lock changes no shortcut', () => {
    expect(press('E', 'KeyE')).toEqual(['e']) // Caps Lock on: the e key edits, it does not drop the edits
    expect(press('e', 'KeyE', true)).toEqual(['E']) // Caps Lock and Shift
    expect(press('E', 'KeyE', true)).toEqual(['E'])
    expect(press('Ф', 'KeyA')).toEqual(['ф', 'a']) // another script's letter too: a binding of ф still matches
    expect(press('ß', 'Minus', true)).toEqual(['ß'])
  })

  it('a letter of another script also goes by the QWERTY key at its place', () => {
    expect(press('ф', 'KeyA')).toEqual(['ф', 'a']) // Russian ЙЦУКЕН
    expect(press('Ф', 'KeyA', true)).toEqual(['Ф', 'A'])
    expect(press('к', 'KeyR')).toEqual(['к', 'r'])
    expect(press('ψ', 'KeyC')).toEqual(['ψ', 'c']) // Greek
    expect(press('ש', 'KeyA')).toEqual(['ש', 'a']) // Hebrew
    expect(press('ظ', 'Slash')).toEqual(['ظ', '/']) // Arabic
    expect(press('.', 'Slash')).toEqual(['.']) // Russian types a full stop there: not a letter
  })

  it('number keys pick by the number printed on them, without Shift', () => {
    expect(press('&', 'Digit1')).toEqual(['&', '1']) // AZERTY, unshifted
    expect(press('é', 'Digit2')).toEqual(['é', '2'])
    expect(press('2', 'Digit2', true)).toEqual(['2'])
    expect(press('!', 'Digit1', true)).toEqual(['!']) // QWERTY Shift+1 is not 1
    expect(press('3', 'Digit3')).toEqual(['3'])
  })

  it('named keys are themselves', () => {
    expect(press('Enter', 'Enter')).toEqual(['Enter'])
    expect(press('ArrowDown', 'ArrowDown')).toEqual(['ArrowDown'])
  })
})
