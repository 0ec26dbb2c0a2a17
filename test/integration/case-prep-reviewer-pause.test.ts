import { afterAll, expect, it } from 'vitest'
import { CasePrepPool } from '../../electron/services/sync/case-prep/case-prep-pool'
import { FLOOR_SHARE, ReviewerActivity } from '../../electron/services/sync/reviewer-activity'
import { generateBundle } from '../fixtures/case-generator'

// A background pool's worker (a real worker thread) pauses between cases while the reviewer
// presses keys, as the services' ingest slices do: a page prepared while keys never pause takes
// several times as long as one prepared in quiet, yet it is prepared (the floor share), and every
// case is still there.

const activity = new ReviewerActivity()
const pool = new CasePrepPool({ workers: 1, activity })
afterAll(() => pool.close())

const { cases } = generateBundle({ count: 1_500, seed: 7, workspace: { id: 'w', name: 'W' } })
const pageText = JSON.stringify({ changes: cases.map((item) => ({ type: 'case', case: item })), nextCursor: 'c-1', hasMore: false })

/** Prepares the page in the worker; returns how long it took in ms and how many cases came back prepared. */
async function preparePage(): Promise<{ ms: number; prepared: number }> {
  const started = performance.now()
  const page = await pool.preparePage(new TextEncoder().encode(pageText), 'Bench', 'GET /v1/cases')
  return { ms: performance.now() - started, prepared: page.changes.filter((change) => change.type === 'prepared-case').length }
}

it('pauses between cases while keys come without a pause, keeping its floor share, and prepares every case', async () => {
  await preparePage() // the worker starts and warms up
  const quiet = await preparePage()
  expect(quiet.prepared).toBe(1_500)

  // A held key: a keystroke every 10 ms for as long as the page takes.
  activity.noteInput()
  const held = setInterval(() => activity.noteInput(), 10)
  let typing: Awaited<ReturnType<typeof preparePage>>
  try {
    typing = await preparePage()
  } finally {
    clearInterval(held)
  }
  expect(typing.prepared).toBe(1_500)
  // Quiet again, once the reviewer's last key is past: the quicker quiet run is the reference (a
  // busy machine slowing one quiet run must not make pausing look like noise).
  await new Promise((resolve) => setTimeout(resolve, 100))
  const quietAgain = await preparePage()
  const quickest = Math.min(quiet.ms, quietAgain.ms)
  // At the worker's floor share (FLOOR_SHARE for one worker) the page would take 1 / FLOOR_SHARE
  // times as long; the parse before the first case does not pause, and the first steps run on
  // credit, so half of that is the bound that still tells pausing from not.
  console.log(`case-prep pause: quiet ${quiet.ms.toFixed(0)} and ${quietAgain.ms.toFixed(0)} ms, keys held ${typing.ms.toFixed(0)} ms`)
  expect(typing.ms).toBeGreaterThan((quickest / FLOOR_SHARE) * 0.5)
}, 60_000)
