import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { setPriority } from 'node:os'
import { join } from 'node:path'

const repoRoot = join(__dirname, '../..')

/**
 * The reference backend in a process of its own (`npm run backend`), at the lowest CPU priority:
 * it stands for a server elsewhere on the network, so serving pages must neither run on the
 * services' event loop nor take the cores from the app being measured.
 */
export async function startBackendProcess(options: { dataDir: string; token: string; reviewer: string; cases: number }): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/reference-backend/cli.ts', '--port', '0', '--seed', String(options.cases), '--token', options.token, '--reviewer', options.reviewer, '--data-dir', options.dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] }
  )
  setPriority(child.pid!, 19)
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
    async close() {
      child.kill()
      await exited
    }
  }
}
