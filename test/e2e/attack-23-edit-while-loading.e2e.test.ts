import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { readDecisionRows } from '../fixtures/sqlite'
import { makeTempDir } from '../fixtures/temp-dir'
import { launchChromium, VIEWPORT } from './driver'
import { SETTLE_MS, typeFast } from './keyboard-session'
import { LOOK_MS, OsKeyboard, qwerty, sleep } from './os-keys'

// Attack 23 on the keyboard while a lazily loaded part is still arriving. Monaco (the draft
// editor) is a chunk of its own, loaded once the first case is on screen. `e` pressed before it has
// arrived only notes "focus the proposal once it has" (SourceProposalDiff's focusOnLoad); until
// then every key the reviewer types *for the draft* reaches the case view as a command. A reviewer
// who presses `e`, looks at the draft, and types "just" moves to the next case with its `j` (and
// "checking" then opens the history with `h`, goes back with `k`, tries a question with `i`); the
// draft gets none of it. Decisions held: the diff case counts as seen only once painted, and the
// typing guard refuses decision keys amid the text. On a slow disk, a busy machine or a first
// launch, Monaco's 5 MB chunk takes seconds to arrive (here it is held back until released).

const CHUNK_DELAY_MS = 6_000
/** Lets the held-back Monaco chunk through (a slow disk finishing its read). */
let releaseEditor: () => void = () => {}

let browser: Browser
let host: WebHost | undefined
let dir: ReturnType<typeof makeTempDir> | undefined
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser.close()
})
afterEach(async () => {
  await host?.close()
  dir?.remove()
  host = dir = undefined
})

/** Opens the demo workspace with Monaco's chunk arriving `CHUNK_DELAY_MS` late; returns the page once the first case is seen. */
async function openWithSlowEditor(): Promise<{ page: Page; keys: OsKeyboard; dataDir: string }> {
  dir = makeTempDir('countersign-e2e-a23-edit-')
  host = await startWebHost({ dataDir: dir.path, reviewer: 'harness-reviewer' })
  const context = await browser.newContext({ viewport: VIEWPORT })
  const released = new Promise<void>((resolve) => (releaseEditor = resolve))
  await context.route(/diff-editors.*\.js$/, async (route) => {
    await Promise.race([released, sleep(CHUNK_DELAY_MS)])
    await route.continue()
  })
  const page = await context.newPage()
  await page.goto(host.url)
  await page.waitForURL(`${host.origin}/`)
  const keys = await OsKeyboard.attach(page)
  await page.waitForSelector('.case-title')
  return { page, keys, dataDir: dir.path }
}

/** Moves with j to the first case whose kind chip reads `kindLabel`, and waits until it is seen. */
async function openFirst(page: Page, keys: OsKeyboard, kindLabel: string): Promise<string> {
  const kinds = await page.locator('.queue-row .kind-chip').allInnerTexts()
  const index = kinds.indexOf(kindLabel)
  expect(index, kindLabel).toBeGreaterThanOrEqual(0)
  const titles = await page.locator('.queue-row-title').allInnerTexts()
  for (let step = 0; step < index; step++) await keys.press(qwerty('j'))
  await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent === title, titles[index]!)
  await sleep(LOOK_MS * 2) // the case's title, facts and draft header are on screen; its diff is not
  expect(await page.locator('.monaco-editor').count(), 'Monaco is still arriving').toBe(0)
  return titles[index]!
}

describe('attack 23: typing for the draft while the draft editor is still arriving', () => {
  it('e, a look at the draft, then “approved as discussed”: nothing is decided', async () => {
    const { page, keys, dataDir } = await openWithSlowEditor()
    const title = await openFirst(page, keys, 'Text approval')
    await keys.press(qwerty('e'))
    await sleep(LOOK_MS) // eyes on the draft
    await typeFast(keys, 'approved as discussed')
    await sleep(SETTLE_MS)
    const decided = readDecisionRows(dataDir).map((row) => [row.record.outcome])
    expect(decided, `case “${title}”: text typed for its draft decided it`).toEqual([])
  })

  it('e, then “just” typed for the draft: the case on screen stays the one being edited', async () => {
    const { page, keys } = await openWithSlowEditor()
    const title = await openFirst(page, keys, 'Text approval')
    await keys.press(qwerty('e'))
    await sleep(LOOK_MS) // eyes on the draft
    await typeFast(keys, 'just')
    const caseAfterTyping = await page.locator('.case-title').innerText()
    releaseEditor()
    await page.waitForSelector('.monaco-editor')
    await sleep(SETTLE_MS)
    expect(caseAfterTyping, `“just”, typed for the draft of “${title}”, moved the case view (its j is “next case”)`).toBe(title)
  })
})
