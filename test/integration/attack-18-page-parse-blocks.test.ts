import { afterAll, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { startBackendProcess, type BackendProcess } from '../bench/backend-process'
import { newToken, openWithBackend, REVIEWER, waitFor } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 18: "Sync never takes the reviewer's frames": ingest is cut into transactions of at most
// 4 ms (INGEST_SLICE_MS), each waiting for its turn. But each page of the change feed (500 cases,
// about 1.4 MB) is read and parsed in one piece (`response.text()`, `parseJson`, the page schema)
// whenever its response completes; the turn is taken before the request is sent, not before the
// parse. Measured: 16–50 ms per page on this machine, once every 500 cases, on the services' only
// thread, whatever the reviewer is doing at that moment (a request for the next case waits behind
// it). The README says each piece of sync work "waits until 60 ms have passed without a keystroke".
// Here: the services' event loop, sampled every millisecond through a 5,000-case pull (ten pages,
// from a backend in another process), is blocked for more than 10 ms (two and a half slices) dozens of times (38 blocks, 12–140 ms, on a loaded machine).

const dir = makeTempDir('countersign-attack-18-parse-')
let backend: BackendProcess | undefined
let services: AppServices | undefined

afterAll(async () => {
  services?.close()
  await backend?.close()
  dir.remove()
})

it('a pull never holds the services\' thread for much longer than one ingest slice', async () => {
  const token = newToken()
  backend = await startBackendProcess({ dataDir: `${dir.path}/backend`, token, reviewer: REVIEWER, cases: 5_000 })
  const blocks: number[] = []
  let last = performance.now()
  const sampler = setInterval(() => {
    const now = performance.now()
    if (now - last > 10) blocks.push(Math.round(now - last))
    last = now
  }, 1)
  try {
    services = await openWithBackend(`${dir.path}/app`, backend, token)
    await waitFor(() => services!.sync.status()[0]!, (status) => status.state === 'idle' && status.received === 5_000, 120_000)
    // The second pull: a new version of every case, as in the bench.
    await backend.reseed(7)
    blocks.length = 0
    last = performance.now()
    void services.sync.syncNow()
    await waitFor(() => services!.sync.status()[0]!, (status) => status.state === 'syncing', 30_000)
    await waitFor(() => services!.sync.status()[0]!, (status) => status.state === 'idle' && status.received === 5_000, 120_000)
  } finally {
    clearInterval(sampler)
  }
  // Allow a couple for the OS scheduler on a shared two-core machine.
  expect(blocks.length, `blocks over 10 ms: ${blocks.join(', ')} ms`).toBeLessThanOrEqual(2)
}, 300_000)
