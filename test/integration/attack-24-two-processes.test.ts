import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices } from '../../electron/services/app-services'
import { memorySecretStore } from '../../electron/services/secrets/secret-store'
import { readDecisionRows } from '../fixtures/sqlite'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 24 on two instances on one data directory deciding at once, as two processes (attack
// 23's test runs both in one process, where transactions never overlap). A decision's transaction
// is DEFERRED (repositories' inTransaction): it reads the chain's head, then writes. When the other
// process commits between that read and the write, SQLite answers SQLITE_BUSY at once ("database
// is locked", the busy timeout does not apply to a read transaction that must become a write one),
// and the reviewer's decision fails as an unexpected fault, not recorded; attack 23's re-signing on
// the new head never sees it.

const decider = join(__dirname, 'attack-24-decider.ts')
let dir: ReturnType<typeof makeTempDir>
beforeEach(() => {
  dir = makeTempDir('countersign-a24-procs-')
})
afterEach(() => dir.remove())

function run(dataDir: string, at: number, parity: number): Promise<{ stored: number; failures: string[] }> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', decider, dataDir, join(dir.path, 'keychain.json'), String(at), String(parity)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.on('exit', (code) => (code === 0 ? resolveRun(JSON.parse(out.trim().split('\n').at(-1)!) as { stored: number; failures: string[] }) : rejectRun(new Error(`decider exited ${code}`))))
  })
}

describe('attack 24: two processes on one data directory deciding at once', () => {
  it('every decision of both is stored, on one unbroken chain', async () => {
    const dataDir = join(dir.path, 'app')
    const at = Date.now() + 4_000
    const [first, second] = await Promise.all([run(dataDir, at, 0), run(dataDir, at, 1)])
    const failures = [...first.failures, ...second.failures].map((failure) => failure.slice(0, 120))
    // Seen: a few decisions in each fail with "SqliteError: database is locked".
    expect({ failures: [...new Set(failures)], stored: first.stored + second.stored }).toEqual({ failures: [], stored: 60 })
    const services = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', secrets: memorySecretStore(), watchSla: false })
    try {
      expect(readDecisionRows(dataDir)).toHaveLength(60)
      expect(await services.audit.verifyChain()).toMatchObject({ ok: true, count: 60 })
    } finally {
      services.close()
    }
  }, 60_000)
})
