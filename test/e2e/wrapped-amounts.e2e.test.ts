import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateBundle } from '../fixtures/case-generator'
import { importIntoCache } from '../fixtures/cache-file'
import { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'

// A newcomer read "€1,077." at the end of one line of a wrapped diff and "00" at the start of the
// next: Monaco breaks a wrapped line after any '.' or ','. An amount, a version or a date must be
// read whole where a reviewer decides on it, so the diff breaks lines at spaces and brackets, not
// inside numbers.

const dir = makeTempDir('countersign-e2e-wrapped-amounts-')
let driver: Driver
let session: AppSession

beforeAll(async () => {
  const bundle = generateBundle({ count: 2, seed: 27, idPrefix: 'wrap', workspace: { id: 'wrap', name: 'Wrapping' } })
  const first = bundle.cases[0]!
  if (first.kind !== 'text-approval') throw new Error('the generator’s first case is a text approval')
  // The amount at every offset within a dozen columns, so that some line wraps across it.
  const lines = Array.from({ length: 14 }, (_, shift) => `${'Refund'.padEnd(16 + shift, '-')} €1,077.00 by v2.14.3 on 2026.11.29 ${'-'.repeat(14 - shift)} €1,077.00.`)
  first.source = { ...first.source, text: lines.join('\n') }
  first.proposal = { ...first.proposal, text: lines.join('\n') }
  first.title = 'Wrapped amounts'
  importIntoCache(dir.path, bundle)
  driver = await createDriver()
  session = await driver.open(dir.path)
  await session.page.setViewportSize({ width: 1024, height: 1300 })
  await session.page.waitForFunction(() => document.querySelector('.case-title')?.textContent === 'Wrapped amounts')
  await session.page.waitForSelector('[data-painted-case]')
}, 60_000)
afterAll(async () => {
  await session?.close()
  await driver?.close()
  dir.remove()
})

it('no amount, version or date of a wrapped line is split across two screen lines', async () => {
  const { page } = session
  const shown = await page.locator('.diff-slot.front .editor.original .view-line').evaluateAll((lines) => lines.map((line) => line.textContent!.replace(/\u00a0/g, ' ')))
  expect(shown.length, 'the lines wrap at this width').toBeGreaterThan(14)
  for (const whole of ['€1,077.00', 'v2.14.3', '2026.11.29']) {
    // A screen line that ends with the start of it (two characters or more) broke it.
    const broken = shown.filter((line) => Array.from({ length: whole.length - 2 }, (_, index) => whole.slice(0, index + 2)).some((start) => line.trimEnd().endsWith(start)))
    expect(broken, whole).toEqual([])
    // Many are on screen (the editor draws the lines in view), each whole.
    expect(shown.filter((line) => line.includes(whole)).length, whole).toBeGreaterThanOrEqual(10)
  }
})
