import type { CDPSession, Page } from 'playwright-core'

/**
 * Keys as the operating system sends them to Chromium, through the DevTools protocol
 * (`Input.dispatchKeyEvent`, `Input.imeSetComposition`, `Input.insertText`): a held key's
 * auto-repeat (`autoRepeat: true` → `KeyboardEvent.repeat`), the key/code pairs of other layouts,
 * and an input method's composition.
 */
export interface OsKey {
  /** What the layout types (`KeyboardEvent.key`). */
  key: string
  /** The physical key, by its US QWERTY place (`KeyboardEvent.code`). */
  code: string
  /** The Windows virtual key code Chromium reports as `keyCode`. */
  keyCode: number
  /** The text the key inserts, if any. */
  text?: string
  shift?: boolean
  /** Ctrl held (Ctrl+Enter sends a question). */
  ctrl?: boolean
}

/** A key on a US QWERTY layout: a letter, a digit, or a named key. */
export function qwerty(key: string): OsKey {
  if (/^[a-z]$/.test(key)) return { key, code: `Key${key.toUpperCase()}`, keyCode: key.toUpperCase().charCodeAt(0), text: key }
  if (/^[A-Z]$/.test(key)) return { key, code: `Key${key}`, keyCode: key.charCodeAt(0), text: key, shift: true }
  if (/^[0-9]$/.test(key)) return { key, code: `Digit${key}`, keyCode: key.charCodeAt(0), text: key }
  const named: Record<string, OsKey> = {
    Enter: { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' },
    Escape: { key: 'Escape', code: 'Escape', keyCode: 27 },
    Tab: { key: 'Tab', code: 'Tab', keyCode: 9 },
    ArrowDown: { key: 'ArrowDown', code: 'ArrowDown', keyCode: 40 },
    '/': { key: '/', code: 'Slash', keyCode: 191, text: '/' },
    ' ': { key: ' ', code: 'Space', keyCode: 32, text: ' ' },
    ',': { key: ',', code: 'Comma', keyCode: 188, text: ',' },
    '.': { key: '.', code: 'Period', keyCode: 190, text: '.' },
    '-': { key: '-', code: 'Minus', keyCode: 189, text: '-' },
    ':': { key: ':', code: 'Semicolon', keyCode: 186, text: ':', shift: true },
    '@': { key: '@', code: 'Digit2', keyCode: 50, text: '@', shift: true },
    '?': { key: '?', code: 'Slash', keyCode: 191, text: '?', shift: true }
  }
  if (named[key]) return named[key]
  throw new Error(`no QWERTY key "${key}" in this helper`)
}

/** A key of another layout: what it types at which physical key (the layouts' own tables). */
export function layoutKey(typed: string, code: string, keyCode: number): OsKey {
  return { key: typed, code, keyCode, text: typed }
}

const CTRL = 2
const SHIFT = 8
const modifiers = (key: OsKey) => (key.shift ? SHIFT : 0) | (key.ctrl ? CTRL : 0)

export class OsKeyboard {
  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<OsKeyboard> {
    return new OsKeyboard(await page.context().newCDPSession(page))
  }

  /** `timestamp`: when the key went down, in seconds since the epoch (CDP's TimeSinceEpoch); by default, when Chromium receives it. */
  async down(key: OsKey, autoRepeat = false, timestamp?: number): Promise<void> {
    await this.cdp.send('Input.dispatchKeyEvent', {
      ...(timestamp === undefined ? {} : { timestamp }),
      type: key.text ? 'keyDown' : 'rawKeyDown',
      key: key.key,
      code: key.code,
      text: key.text,
      unmodifiedText: key.text,
      windowsVirtualKeyCode: key.keyCode,
      nativeVirtualKeyCode: key.keyCode,
      modifiers: modifiers(key),
      autoRepeat
    })
  }

  async up(key: OsKey, timestamp?: number): Promise<void> {
    await this.cdp.send('Input.dispatchKeyEvent', {
      ...(timestamp === undefined ? {} : { timestamp }),
      type: 'keyUp',
      key: key.key,
      code: key.code,
      windowsVirtualKeyCode: key.keyCode,
      nativeVirtualKeyCode: key.keyCode,
      modifiers: modifiers(key)
    })
  }

  async press(key: OsKey): Promise<void> {
    await this.down(key)
    await this.up(key)
  }

  /**
   * Presses `keys` on the keyboard's clock: each press starts `gapMs` after the one before, whether
   * or not the page has handled the last (a keyboard does not wait for the app; awaiting each CDP
   * call would). Each event carries its press's time as its timestamp, as an OS's events do: sent
   * without one, it is stamped when Chromium takes it, and a busy page stretches the gaps.
   */
  async pressOnClock(keys: readonly OsKey[], gapMs: number): Promise<void> {
    const sent: Promise<void>[] = []
    const start = performance.now()
    const startEpochS = (performance.timeOrigin + start) / 1000
    for (const [index, key] of keys.entries()) {
      await sleep(Math.max(0, start + index * gapMs - performance.now()))
      const at = startEpochS + (index * gapMs) / 1000
      sent.push(this.down(key, false, at), this.up(key, at + 0.01))
    }
    await Promise.all(sent)
  }

  /**
   * Holds a key down for about `ms`: the first keydown, then the keyboard's auto-repeat (a
   * keydown every `intervalMs`, with `repeat: true`), then the release.
   */
  async hold(key: OsKey, ms = 500, intervalMs = 33): Promise<void> {
    await this.down(key)
    await sleep(intervalMs * 8) // the usual delay before a key starts repeating
    for (let held = intervalMs * 8; held < ms; held += intervalMs) {
      await this.down(key, true)
      await sleep(intervalMs)
    }
    await this.up(key)
  }

  /** Starts or updates an input method's composition in the focused field. */
  /** The key that starts a composition, as the input method passes it on: keyCode 229, key "Process". */
  async startComposition(code: string): Promise<void> {
    await this.cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Process', code, windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
    await this.cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Process', code, windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
  }

  async compose(text: string): Promise<void> {
    await this.cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length })
  }

  /**
   * The Enter that commits a composition, as the input method passes it on: a keydown the input
   * method processed (keyCode 229, while the composition is active), then the committed text.
   */
  async commitWithEnter(text: string): Promise<void> {
    await this.cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
    await this.cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
    await this.cdp.send('Input.insertText', { text })
  }

  async detach(): Promise<void> {
    await this.cdp.detach()
  }
}

/**
 * A reviewer's look before a key of their own: longer than the default reaction time (150 ms), so
 * the key is not taken for part of something typed (a picker's digit sooner than that goes to its note).
 */
export const LOOK_MS = 200

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
