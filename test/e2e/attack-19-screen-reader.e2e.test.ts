import { afterAll, beforeAll, expect, it } from 'vitest'
import { BRIDGE_GLOBAL } from '../../shared/ipc/channels'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type Driver } from './driver'
import { importIntoCache } from '../fixtures/cache-file'

// Attack 19: the diff editors' screen-reader mode follows the OS (the desktop app sends a
// 'screen-reader' event when its window has loaded, and whenever it changes). The event arrives as
// the app starts, while Monaco, now a chunk of its own, is still loading. Here the web host's
// bridge is wrapped so the page gets that event the moment the app subscribes, as the desktop
// app's `did-finish-load` would send it; then the draft of a text-approval case is focused.
// Screen-reader mode ('on') gives the editor's text area the whole page of lines around the
// cursor; Monaco's default ('auto', unknown) cuts it to 500 characters after the cursor.

let driver: Driver
beforeAll(async () => {
  driver = await createDriver()
})
afterAll(async () => {
  await driver?.close()
})

it('a screen reader reported as the app starts, before Monaco has loaded, still gets the diff editors\' screen-reader mode', async () => {
  if (driver.name !== 'chromium-harness') return
  const dir = makeTempDir('countersign-a19-sr-')
  const bundle = generateBundle({ count: 3, seed: 19, idPrefix: 'sr', workspace: { id: 'sr', name: 'Screen reader' } })
  const first = bundle.cases[0]!
  expect(first.kind).toBe('text-approval')
  const line = (n: number) => `Line ${n}: ` + 'the refund reaches your account within five working days, and '.repeat(5)
  first.proposal = { ...first.proposal, text: [1, 2, 3, 4, 5].map(line).join('\n') }
  first.title = 'Screen reader case'
  importIntoCache(dir.path, bundle)
  // Open the app with the bridge wrapped before any script runs.
  const session = await driver.open(dir.path)
  const { page } = session
  try {
    await page.addInitScript((global) => {
      let wrapped: unknown
      Object.defineProperty(window, global, {
        configurable: true,
        get: () => wrapped,
        set: (bridge: Record<string, unknown> & { onEvent(listener: (event: unknown) => void): () => void }) => {
          wrapped = Object.freeze({
            ...bridge,
            onEvent: (listener: (event: unknown) => void) => {
              const off = bridge.onEvent(listener)
              queueMicrotask(() => listener({ type: 'screen-reader', active: true }))
              return off
            }
          })
        }
      })
    }, BRIDGE_GLOBAL)
    await page.reload()
    await page.waitForFunction(() => document.querySelector('.case-title')?.textContent === 'Screen reader case')
    await page.waitForSelector('[data-seen-case]')
    await page.keyboard.press('e')
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA')
    await page.keyboard.press('Control+Home')
    const text = await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)
    expect(text.length, `the text area holds ${text.length} characters`).toBeGreaterThan(1_000)
  } finally {
    await session.close()
    dir.remove()
  }
}, 120_000)
