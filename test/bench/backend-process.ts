import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { join } from 'node:path'
import { runAsRemoteServer } from './remote-server'

const repoRoot = join(__dirname, '../..')

export interface BackendProcess {
  url: string
  /**
   * Puts a new version of every seeded case (same ids `case-00001`…, content generated from
   * `seed`) into the backend's change feed: the next pull brings that many changed cases.
   */
  reseed(seed: number): Promise<void>
  close(): Promise<void>
}

/**
 * The reference backend in a process (and session) of its own (`npm run backend`), run as a
 * remote server (`runAsRemoteServer`): it stands for a server elsewhere on the network, so serving
 * pages (and reseeding, seconds of CPU during the pulls the bench measures) must neither run on
 * the services' event loop nor take the cores from the app being measured.
 */
export async function startBackendProcess(options: { dataDir: string; token: string; reviewer: string; cases: number }): Promise<BackendProcess> {
  const adminToken = randomBytes(18).toString('hex')
  const child = spawn(
    process.execPath,
    // prettier-ignore
    ['--import', 'tsx', 'test/reference-backend/cli.ts', '--port', '0', '--seed', String(options.cases), '--token', options.token, '--reviewer', options.reviewer, '--admin-token', adminToken, '--data-dir', options.dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], detached: true }
  )
  runAsRemoteServer(child.pid!)
  const exited = once(child, 'exit')
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output)
      if (found) resolve(found[0])
    })
    child.once('exit', (code) => reject(new Error(`the reference backend exited (${code}) before it listened: ${output}`)))
  })
  return {
    url,
    async reseed(seed: number) {
      const response = await fetch(`${url}/admin/seed`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ count: options.cases, assignee: options.reviewer, seed })
      })
      if (!response.ok) throw new Error(`the reference backend refused to reseed: ${response.status} ${await response.text()}`)
    },
    async close() {
      child.kill()
      await exited
    }
  }
}

