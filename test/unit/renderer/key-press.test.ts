import { afterEach, describe, expect, it } from 'vitest'
import { isActingEnter, isComposing, isRepeat, pickedNumber, trackHeldKeys } from '../../../renderer/src/commands/key-press'

// The one guard every key handler asks, with events as browsers send them (W3C UI Events).

type Press = Partial<Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'repeat' | 'isComposing' | 'keyCode' | 'ctrlKey' | 'altKey' | 'metaKey'>>
const press = (fields: Press) => ({ key: '', code: '', shiftKey: false, repeat: false, isComposing: false, keyCode: 0, ...fields })

/** A real `Event` carrying a key's fields, dispatched on a real `EventTarget` standing for the window. */
function keyEvent(type: 'keydown' | 'keyup', key: string, code: string) {
  return Object.assign(new Event(type), press({ key, code })) as unknown as KeyboardEvent
}

let untrack: (() => void) | undefined
afterEach(() => untrack?.())

describe('key-press rules', () => {
  it('a second keydown without a keyup is a repeat, flagged or not (remote desktops drop the flag)', () => {
    const window = new EventTarget() as unknown as Window
    untrack = trackHeldKeys(window)
    const first = keyEvent('keydown', 'a', 'KeyA')
    window.dispatchEvent(first)
    expect(isRepeat(first)).toBe(false)
    const second = keyEvent('keydown', 'a', 'KeyA')
    window.dispatchEvent(second)
    expect(isRepeat(second)).toBe(true)
    window.dispatchEvent(keyEvent('keyup', 'a', 'KeyA'))
    const again = keyEvent('keydown', 'a', 'KeyA')
    window.dispatchEvent(again)
    expect(isRepeat(again)).toBe(false)
  })

  it('keys an input method processed belong to the composition', () => {
    expect(isComposing(press({ key: 'Process', keyCode: 229 }))).toBe(true)
    expect(isComposing(press({ key: 'a', isComposing: true }))).toBe(true)
    expect(isComposing(press({ key: 'a', code: 'KeyA' }))).toBe(false)
  })

  it('number keys pick by the digit typed or printed on the key, never with a modifier or held', () => {
    expect(pickedNumber(press({ key: '3', code: 'Digit3' }))).toBe(3)
    expect(pickedNumber(press({ key: '"', code: 'Digit3' }))).toBe(3) // AZERTY
    expect(pickedNumber(press({ key: '3', code: 'Digit3', ctrlKey: true }))).toBeNull()
    expect(pickedNumber(press({ key: '3', code: 'Digit3', repeat: true }))).toBeNull()
    expect(pickedNumber(press({ key: '0', code: 'Digit0' }))).toBeNull()
  })

  it('Enter acts in a field unless Shift makes it a new line or it is held', () => {
    expect(isActingEnter(press({ key: 'Enter', code: 'Enter' }))).toBe(true)
    expect(isActingEnter(press({ key: 'Enter', code: 'Enter', shiftKey: true }))).toBe(false)
    expect(isActingEnter(press({ key: 'Enter', code: 'Enter', repeat: true }))).toBe(false)
  })
})
