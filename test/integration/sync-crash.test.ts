import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../electron/services/app-services'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { newToken, openWithBackend, REVIEWER, startBackend, waitFor } from '../fixtures/sync-fixtures'

const appProcess = join(__dirname, 'app-process.ts')
let dir: ReturnType<typeof makeTempDir>
let backend: ReferenceBackend
let child: ChildProcess | undefined

beforeEach(() => {
  dir = makeTempDir()
})
afterEach(async () => {
  child?.kill('SIGKILL')
  await backend?.close()
  dir.remove()
})

function run(args: string[], onOutput: (text: string) => void = () => {}) {
  const started = spawn(process.execPath, ['--import', 'tsx', appProcess, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let text = ''
  started.stdout!.on('data', (chunk: Buffer) => onOutput((text += chunk.toString())))
  const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)))
  return { child: started, output: exited.then(() => text), exited }
}

it('delivers every decision exactly once when the app is killed in the middle of a push batch', async () => {
  const token = newToken()
  const dataDir = join(dir.path, 'app')
  let killedDuringBatchOf = 0
  let allDecided = () => {}
  const decidedEverything = new Promise<void>((resolve) => (allDecided = resolve))
  backend = await startBackend(dir.path, token, {
    // Pushes wait until all 300 decisions are made; then the first full batch arrives and the app
    // is killed before it can read the answer. The server still applies the batch, so the
    // restarted app must not deliver those decisions a second time.
    beforePush: async (envelopes) => {
      await decidedEverything
      if (envelopes.length > 1 && killedDuringBatchOf === 0 && child) {
        killedDuringBatchOf = envelopes.length
        child.kill('SIGKILL')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  })
  backend.store.putCases(generateCases({ count: 300, seed: 21, baseTime: new Date() }), REVIEWER)
  const setup = await openWithBackend(dataDir, backend, token)
  await setup.sync.syncNow()
  setup.close()

  const deciding = run([dataDir, 'decide', '300'], (output) => output.includes('decided 300') && allDecided())
  child = deciding.child
  expect(await deciding.exited).toBeNull() // killed by the signal, not exited
  expect(killedDuringBatchOf).toBeGreaterThan(1)

  const local = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  const decided = local.prepare<[], { id: string }>('SELECT id FROM decisions').all().map((row) => row.id)
  const unacknowledged = local.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`).get()!.n
  local.close()
  expect(decided).toHaveLength(300)
  // The batch in flight at the kill was applied by the server but never acknowledged to the app.
  await waitFor(() => backend.store.decisions().length, (n) => n >= killedDuringBatchOf)
  expect(unacknowledged).toBeGreaterThanOrEqual(killedDuringBatchOf)

  const syncing = run([dataDir, 'sync'])
  child = syncing.child
  expect(await syncing.exited).toBe(0)
  expect(JSON.parse(await syncing.output)).toMatchObject({ pendingPushes: 0, undelivered: 0 })

  const received = backend.store.decisions()
  expect(received.map((d) => d.id).sort()).toEqual([...decided].sort())
  expect(received.every((d) => d.result.status === 'accepted')).toBe(true)
}, 60_000)
