import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createKeyDispatcher } from '../../../renderer/src/commands/key-dispatch'
import { useAppStore } from '../../../renderer/src/store'
import { generatedTextCase } from '../../fixtures/case-generator'

// Re-attack on 5f2d4b3, through the window's key dispatcher with the real store.

const initial = useAppStore.getState()
beforeEach(() => useAppStore.setState(initial, true))

function keydown(key: string, code: string, shiftKey: boolean) {
  let prevented = false
  return {
    key, code, shiftKey, repeat: false, isComposing: false, keyCode: 0, timeStamp: 1000, target: null,
    ctrlKey: false, metaKey: false, altKey: false,
    get defaultPrevented() { return prevented },
    preventDefault: () => (prevented = true),
    stopPropagation: () => {}
  } as unknown as KeyboardEvent
}

describe('Caps Lock on a Russian layout, with the reviewer’s own key ф for “Next case”', () => {
  it('ф with Caps Lock on (the layout types Ф, no Shift) moves to the next case; it never approves', () => {
    const approve = vi.fn(async () => {})
    const moveSelection = vi.fn()
    useAppStore.setState({
      screen: 'review',
      keymap: { 'queue.next': 'ф' },
      total: 2,
      departedCase: 1,
      cases: new Map([[1, { casePk: 1, state: 'pending', reviewCase: generatedTextCase('caps-ru') } as never]]),
      approve,
      moveSelection
    })
    const keys = createKeyDispatcher(useAppStore.getState, () => {})
    keys.keydown(keydown('ф', 'KeyA', false))
    expect([moveSelection.mock.calls.length, approve.mock.calls.length]).toEqual([1, 0])
    keys.keyup({ code: 'KeyA' } as KeyboardEvent)
    keys.keydown(keydown('Ф', 'KeyA', false)) // Caps Lock on
    // Actual: approve called (keyNames → ['Ф', 'a'], and 'a' is Approve), moveSelection not.
    expect([moveSelection.mock.calls.length, approve.mock.calls.length]).toEqual([2, 0])
    keys.dispose()
  })

  it('the keymap editor binds what ф is without Caps Lock, as it does for a Latin letter', () => {
    const bindKey = vi.fn(async () => {})
    useAppStore.setState({ screen: 'settings', capturingKeysFor: 'queue.next', bindKey })
    const keys = createKeyDispatcher(useAppStore.getState, () => {})
    keys.keydown(keydown('E', 'KeyE', false)) // Latin, Caps Lock on: binds e (5f2d4b3)
    expect(bindKey).toHaveBeenLastCalledWith('queue.next', 'e')
    keys.keyup({ code: 'KeyE' } as KeyboardEvent)
    useAppStore.setState({ capturingKeysFor: 'queue.next' })
    keys.keydown(keydown('Ф', 'KeyA', false)) // Russian, Caps Lock on
    // Actual: 'Ф', which a press without Caps Lock (names ['ф', 'a']) never matches: that press approves.
    expect(bindKey).toHaveBeenLastCalledWith('queue.next', 'ф')
    keys.dispose()
  })
})
