import { afterEach, describe, expect, it } from 'vitest'
import { isActingEnter, isComposing, isRepeat, isSendChord, msSinceTypingKey, pickedNumber, trackHeldKeys } from '../../../renderer/src/commands/key-press'

// The one guard every key handler asks, with events as browsers send them (W3C UI Events).

type Press = Partial<Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'repeat' | 'isComposing' | 'keyCode' | 'ctrlKey' | 'altKey' | 'metaKey'>>
const press = (fields: Press) => ({ key: '', code: '', shiftKey: false, repeat: false, isComposing: false, keyCode: 0, ...fields })

/** A real `Event` carrying a key's fields, dispatched on a real `EventTarget` standing for the window. */
function keyEvent(type: 'keydown' | 'keyup', key: string, code: string, timeStamp = 0) {
  const event = Object.assign(new Event(type), press({ key, code }))
  Object.defineProperty(event, 'timeStamp', { value: timeStamp })
  return event as unknown as KeyboardEvent
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

  it('each keydown knows how long after the last key that types text it came; Esc, arrows, modifiers and another window’s keys do not count; Esc ends the typing before it', () => {
    const window = new EventTarget() as unknown as Window
    untrack = trackHeldKeys(window)
    const typed = (key: string, code: string, at: number) => {
      const event = keyEvent('keydown', key, code, at)
      window.dispatchEvent(event)
      window.dispatchEvent(keyEvent('keyup', key, code, at + 10))
      return event
    }
    expect(msSinceTypingKey(typed('s', 'KeyS', 1000))).toBe(Infinity)
    expect(msSinceTypingKey(typed('i', 'KeyI', 1060))).toBe(60)
    window.dispatchEvent(keyEvent('keydown', 'Shift', 'ShiftLeft', 1100))
    expect(msSinceTypingKey(typed('T', 'KeyT', 1400))).toBe(340)
    expect(msSinceTypingKey(typed('ArrowDown', 'ArrowDown', 1450))).toBe(50)
    expect(msSinceTypingKey(typed('a', 'KeyA', 1600))).toBe(200)
    expect(msSinceTypingKey(typed('Enter', 'Enter', 1640))).toBe(40)
    expect(msSinceTypingKey(typed('2', 'Digit2', 1690))).toBe(50)
    // Esc leaving a field (its target a text area) ends the typing before it.
    const leaving = keyEvent('keydown', 'Escape', 'Escape', 1700)
    Object.defineProperty(leaving, 'target', { value: { tagName: 'TEXTAREA' } })
    window.dispatchEvent(leaving)
    window.dispatchEvent(keyEvent('keyup', 'Escape', 'Escape', 1710))
    expect(msSinceTypingKey(leaving)).toBe(10)
    expect(msSinceTypingKey(typed('a', 'KeyA', 1720))).toBe(Infinity)
    typed('b', 'KeyB', 1800)
    window.dispatchEvent(new Event('blur'))
    expect(msSinceTypingKey(typed('a', 'KeyA', 1820))).toBe(Infinity)
  })

  it('Ctrl+Enter or ⌘+Enter sends, pressed on purpose; Enter alone, AltGr-ish Ctrl+Alt+Enter or a held chord do not', () => {
    expect(isSendChord(press({ key: 'Enter', code: 'Enter', ctrlKey: true }))).toBe(true)
    expect(isSendChord(press({ key: 'Enter', code: 'Enter', metaKey: true }))).toBe(true)
    expect(isSendChord(press({ key: 'Enter', code: 'Enter' }))).toBe(false)
    expect(isSendChord(press({ key: 'Enter', code: 'Enter', ctrlKey: true, altKey: true }))).toBe(false)
    expect(isSendChord(press({ key: 'Enter', code: 'Enter', ctrlKey: true, repeat: true }))).toBe(false)
    expect(isSendChord(press({ key: 'Enter', code: 'Enter', ctrlKey: true, keyCode: 229 }))).toBe(false)
  })
})
