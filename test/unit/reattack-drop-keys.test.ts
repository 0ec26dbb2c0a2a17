import { describe, expect, it, vi } from 'vitest'
import { matchKeys } from '../../renderer/src/commands/command-table'
import { boundCommands, commandKeys, keyNames } from '../../shared/commands'

// Re-attack on 5f2d4b3 (helper-92): keyNames' Shift-folding, commands left without keys. Turkish Q
// with Caps Lock is a known limit (case folded without a locale: see keyNames).

const press = (key: string, code: string, shiftKey = false) => keyNames({ key, code, shiftKey })

describe('a stored keymap that binds a sequence prefix on one screen', () => {
  // Reviewer-side: `g` bound to "Next case" (review screen only), from a hand edit or an older build.
  const keymap = { 'queue.next': 'g' }
  it('leaves the go-to sequences working on screens where g means nothing else', () => {
    expect(matchKeys('settings', 'g', keymap)).toEqual({ command: undefined, prefix: true })
    expect(matchKeys('settings', 'g r', keymap).command?.id).toBe('go.review')
    expect(commandKeys(keymap, 'go.settings')).not.toBe('') // hints: "Settings () adds one (n)"
  })
  it('before 5f2d4b3 `g r` worked from settings: the go.* commands had keys', () => {
    expect(boundCommands(keymap).filter((command) => command.id.startsWith('go.')).map((command) => command.keys)).toEqual(['g r', 'g i', 'g u', 'g a', 'g s'])
  })
})

describe('the Electron menu for a command without keys', () => {
  it('says it has no key, as the cheat sheet and palette do, rather than leaving trailing blanks', async () => {
    let template: Array<{ label?: string; submenu?: Array<{ label?: string }> }> = []
    vi.doMock('electron', () => ({
      Menu: { buildFromTemplate: (built: typeof template) => ((template = built), {}) },
      app: { isPackaged: true }
    }))
    const { buildApplicationMenu } = await import('../../electron/main/menu')
    buildApplicationMenu({ runCommand: () => {} }, { 'decision.reroute': 'E' })
    const item = template.flatMap((menu) => menu.submenu ?? []).find((entry) => entry.label?.startsWith('Drop your edits'))
    expect(item?.label).not.toMatch(/\s+$/)
  })
})

describe('Caps Lock on a Cyrillic layout', () => {
  // The key dispatcher runs the first of keyNames(event) that matches (`names.some(run)`).
  const firstMatch = (names: string[], keymap: Record<string, string>) =>
    names.map((name) => matchKeys('review', name, keymap).command?.id).find((id) => id !== undefined)
  it('a reviewer’s own key ф (bound in the keymap editor) runs what it is bound to, Caps Lock on or off', () => {
    const keymap = { 'queue.next': 'ф' }
    expect(firstMatch(press('ф', 'KeyA'), keymap)).toBe('queue.next')
    // Caps Lock on, no Shift: the layout types Ф (it once fell through to a, Approve).
    expect(firstMatch(press('Ф', 'KeyA'), keymap)).toBe('queue.next')
  })
})
