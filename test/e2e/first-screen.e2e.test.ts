import { join } from 'node:path'
import { expect, it } from 'vitest'
import { startWebHost } from '../../electron/web-host/web-host'
import { OsKeyboard, qwerty } from './os-keys'
import { openWebHostSession } from './web-host-session'

// The first screen paints without Monaco (its diff editors are a chunk of their own, loaded once
// a case is on screen) and without the markdown renderer the demo's cases do not need, and keys pressed before Monaco has arrived still work: `j` to a case shown
// as a diff paints it once the editor is there, and `e` then puts the cursor in the proposal.

const screenshots = join(__dirname, '../../test-results')
const web = openWebHostSession('countersign-e2e-first-screen-', {
  start: (dataDir) => startWebHost({ dataDir, reviewer: 'harness-reviewer' }),
  enter: false,
  // Noted in the task that sets the mark, before the idle time that starts Monaco's load.
  initScript: () => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-painted-case]')) return
      observer.disconnect()
      Object.assign(window, {
        atPaint: {
          title: document.querySelector('.case-title')?.textContent ?? '',
          monaco: document.querySelector('.monaco-editor') !== null,
          fetched: performance.getEntriesByType('resource').some((entry) => /\/diff-editors-[^/]*\.js$/.test(entry.name)),
          markdownFetched: performance.getEntriesByType('resource').some((entry) => /\/SafeMarkdown-[^/]*\.js$/.test(entry.name))
        }
      })
    })
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-painted-case'] })
  }
})

const diffEditorsRequested = () => web.page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/diff-editors-[^/]*\.js$/.test(entry.name)))

it('paints the first case before the diff editors are even fetched, then works on a diff case reached at once', async () => {
  await web.page.goto(web.host.url)
  await web.page.waitForURL(`${web.host.origin}/`)
  await web.page.waitForSelector('[data-painted-case]')
  const atPaint = await web.page.evaluate(() => (window as unknown as { atPaint: { title: string; monaco: boolean; fetched: boolean; markdownFetched: boolean } }).atPaint)
  expect(atPaint.title).toContain('Categorise ticket')
  // No demo case has a briefing: the markdown renderer is not part of the first screen either.
  expect(atPaint).toMatchObject({ monaco: false, fetched: false, markdownFetched: false })
  expect(web.page.url()).toBe(`${web.host.origin}/`)

  const keys = await OsKeyboard.attach(web.page)
  await keys.press(qwerty('j'))
  await keys.press(qwerty('j'))
  await web.page.waitForFunction(() => document.querySelector('.case-title')?.textContent?.startsWith('Refund exception') && document.querySelector('[data-painted-case]'))
  await expect(diffEditorsRequested()).resolves.toBe(true)
  const proposal = (await web.page.locator('.diff-slot.front .modified-in-monaco-diff-editor').innerText()).replace(/\u00a0/g, ' ')
  expect(proposal).toContain('Allow a full refund up to 89 days after delivery')
  await keys.press(qwerty('e'))
  await web.page.waitForFunction(() => document.activeElement?.closest('.diff-slot.front .modified-in-monaco-diff-editor') != null)
  await web.page.screenshot({ path: join(screenshots, 'first-screen-diff-case.png') })
})
