import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKeyDispatcher } from '../../../renderer/src/commands/key-dispatch'
import { msSinceTypingKey, trackHeldKeys } from '../../../renderer/src/commands/key-press'
import { useAppStore } from '../../../renderer/src/store'
import type { BackendSummary } from '../../../shared/ipc/views'

// Attack 21 on "a decision is only made on purpose" (README: "Text typed for somewhere else — a
// form that is not open — never becomes a decision"). The window's real key dispatcher and key
// tracker, on the real store, with keys as the browser delivers them: each keydown goes to the
// tracker (capture) and then to the dispatcher, `timeStamp`s 30–80 ms apart as fast typing is.

const initial = useAppStore.getState()
let window: EventTarget
let untrack: () => void
let dispatcher: ReturnType<typeof createKeyDispatcher>
let now = 10_000

beforeEach(() => {
  useAppStore.setState(initial, true)
  window = new EventTarget()
  untrack = trackHeldKeys(window as unknown as Window)
  dispatcher = createKeyDispatcher(useAppStore.getState, () => {})
})
afterEach(() => {
  dispatcher.dispose()
  untrack()
})

/** One key pressed and released, `gapMs` after the one before, through tracker then dispatcher. */
function press(key: string, gapMs: number): void {
  now += gapMs
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key === ' ' ? 'Space' : key === ',' ? 'Comma' : ''
  const fields = { key, code, shiftKey: key !== key.toLowerCase(), repeat: false, isComposing: false, keyCode: 0, ctrlKey: false, altKey: false, metaKey: false }
  const down = Object.assign(new Event('keydown'), fields)
  Object.defineProperty(down, 'timeStamp', { value: now })
  window.dispatchEvent(down)
  dispatcher.keydown(down as unknown as KeyboardEvent)
  const up = Object.assign(new Event('keyup'), fields)
  Object.defineProperty(up, 'timeStamp', { value: now + 10 })
  window.dispatchEvent(up)
  dispatcher.keyup(up as unknown as KeyboardEvent)
}

function typeFast(text: string): void {
  let index = 0
  for (const char of text) press(char, 30 + ((index++ * 37) % 51))
}

const backend = (id: string): BackendSummary =>
  ({ config: { id, name: `Backend ${id}` }, hasToken: true, isDemo: false, unexported: 0, quarantined: [] }) as unknown as BackendSummary

describe('a sentence typed onto the case view, meant for another window', () => {
  // "blogs" holds g s (Settings), "export" holds x (Remove the selected backend?), "yourself" holds
  // y, which answers that prompt: the backend goes, its cases leave the queue, and decisions not
  // yet delivered "will never be". None of these keys is checked for typing (only decision keys,
  // c, C and u are), and the prompt's y is taken 30–80 ms after other letters.
  it('“blogs, export it yourself” removes no backend', async () => {
    const removed: string[] = []
    useAppStore.setState({
      screen: 'review',
      backends: [backend('acme')],
      backendStatus: [{ id: 'acme', pendingPushes: 3 } as never],
      loadBackends: async () => {},
      loadSigningKeys: async () => {},
      loadSlaLead: async () => {},
      removeBackend: async (id: string) => void removed.push(id)
    })
    press('b', 5_000) // after a pause
    typeFast('logs, export it yourself')
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(removed).toEqual([])
  })

  // The same for decisions the backend did not apply: "argue" holds g u (Not applied), and
  // "proxy" an x, which discards the selected one at once, without a prompt.
  it('“so I argue: proxy it” discards no decision the backend did not apply', async () => {
    const discarded: string[] = []
    useAppStore.setState({
      screen: 'review',
      undelivered: [{ decisionId: 'd-1', canRedo: true } as never],
      loadUndelivered: async () => {},
      syncNow: async () => {},
      resolveUndelivered: async (decisionId: string, action: 'redo' | 'discard') => void discarded.push(`${action} ${decisionId}`)
    })
    press('s', 5_000)
    typeFast('o I argue: proxy it')
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(discarded).toEqual([])
  })
})

describe('keys typed in another window, as this one comes to the front', () => {
  // Losing focus forgets the last typed key, and gaining it starts nothing: the first key after the
  // window comes to the front mid-typing is taken as a lone key, 30 ms after the focus.
  it('an a that arrives 30 ms after the window gained focus, amid typing, counts as typed', () => {
    // Typing here, then elsewhere, then the window is raised while the typing goes on.
    typeFast('notes')
    window.dispatchEvent(new Event('blur'))
    now += 3_000
    const focus = new Event('focus')
    Object.defineProperty(focus, 'timeStamp', { value: now })
    window.dispatchEvent(focus)
    now += 30
    const a = Object.assign(new Event('keydown'), { key: 'a', code: 'KeyA', shiftKey: false, repeat: false, isComposing: false, keyCode: 65 })
    Object.defineProperty(a, 'timeStamp', { value: now })
    window.dispatchEvent(a)
    expect(msSinceTypingKey(a)).toBeLessThan(useAppStore.getState().reactionTimeMs)
  })
})

describe('keys an input method takes, then a key typed without it', () => {
  // An input method's keys come as keyCode 229 ("Process"): they type text, but the tracker counts
  // only keys whose `key` is one character. Japanese typed through the input method, the input
  // method switched off (Eisu/Hankaku), and the next word's first letter 40 ms later: a lone key.
  it('an a 40 ms after the input method’s keys counts as typed', () => {
    const down = (key: string, code: string, keyCode: number, gapMs: number) => {
      now += gapMs
      const event = Object.assign(new Event('keydown'), { key, code, shiftKey: false, repeat: false, isComposing: keyCode === 229, keyCode })
      Object.defineProperty(event, 'timeStamp', { value: now })
      window.dispatchEvent(event)
      return event
    }
    for (const code of ['KeyK', 'KeyY', 'KeyO', 'KeyU']) down('Process', code, 229, 50)
    down('Process', 'Enter', 229, 60) // commits the composition (Windows reports it as "Process" too)
    down('Eisu', 'CapsLock', 240, 70) // the input method off
    const a = down('a', 'KeyA', 65, 40)
    expect(msSinceTypingKey(a)).toBeLessThan(useAppStore.getState().reactionTimeMs)
  })
})

describe('Esc amid text typed for another window', () => {
  // Esc ends the typing before it, so that "e, an edit, Esc, a" approves at once. But Esc is typed
  // amid text too, where no field of the app was left: a vim user's "ok<Esc>a" (Esc, then a to
  // append), typed onto the case view, reaches a 45 ms after Esc as a lone key.
  it('an a 45 ms after an Esc pressed on the case view (no field left), amid typing, counts as typed', () => {
    press('o', 5_000)
    press('k', 60)
    press('Escape', 50)
    now += 45
    const a = Object.assign(new Event('keydown'), { key: 'a', code: 'KeyA', shiftKey: false, repeat: false, isComposing: false, keyCode: 65 })
    Object.defineProperty(a, 'timeStamp', { value: now })
    window.dispatchEvent(a)
    expect(msSinceTypingKey(a)).toBeLessThan(useAppStore.getState().reactionTimeMs)
  })
})
