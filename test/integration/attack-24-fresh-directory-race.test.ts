import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 24 on two instances on one data directory, at their first start: `npm start` twice, or
// the web host beside the desktop app, on a fresh machine (or after the data folder was moved
// aside). Each opens the cache and applies the migrations; migrate() reads user_version once,
// before any transaction, and each migration's transaction is deferred. The second instance waits
// on the first's write lock (busy_timeout), then runs the same CREATE TABLE again.

const opener = join(__dirname, 'attack-24-open-cache.ts')
let dir: ReturnType<typeof makeTempDir>
beforeEach(() => {
  dir = makeTempDir('countersign-a24-fresh-')
})
afterEach(() => dir.remove())

function open(dataDir: string, at: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', opener, dataDir, String(at)], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('exit', (code) => resolveRun({ code, stderr }))
  })
}

describe('attack 24: instances starting together on a fresh data directory', () => {
  it('all open the cache (none fails on a migration the other applied)', async () => {
    for (let round = 0; round < 5; round++) {
      const dataDir = join(dir.path, `round-${round}`)
      mkdirSync(dataDir)
      // Each child opens the cache at the same moment, once all have started (as two launches a moment apart do).
      const at = Date.now() + 2_000
      const runs = await Promise.all([open(dataDir, at), open(dataDir, at), open(dataDir, at)])
      // Seen: "SqliteError: table … already exists" (or "database is locked") from all but one.
      expect(
        runs.map((run) => (run.code === 0 ? 'opened' : (/(SqliteError|Error): [^\n]*/.exec(run.stderr)?.[0] ?? run.stderr.slice(0, 200)))),
        `round ${round}`
      ).toEqual(['opened', 'opened', 'opened'])
    }
  }, 60_000)
})
