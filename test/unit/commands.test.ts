import { describe, expect, it } from 'vitest'
import { acceleratorFor, commandMenuSections } from '../../electron/main/menu-template'
import { bindingConflict, boundCommands, COMMAND_SPECS } from '../../shared/commands'

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

  it('menus carry every command with the reviewer’s keys', () => {
    const keymap = { 'queue.next': 'l' }
    const items = commandMenuSections(keymap).flatMap((section) => section.items)
    expect(items.map((item) => item.id).sort()).toEqual(COMMAND_SPECS.map((spec) => spec.id).sort())
    expect(items.find((item) => item.id === 'queue.next')).toMatchObject({ keys: 'l', accelerator: 'L' })
    expect(boundCommands(keymap).find((command) => command.id === 'queue.next')!.keys).toBe('l')
    expect([acceleratorFor('g s'), acceleratorFor('K'), acceleratorFor('Mod+k'), acceleratorFor('?')]).toEqual([null, 'Shift+K', 'CmdOrCtrl+K', 'Shift+/'])
  })
})
