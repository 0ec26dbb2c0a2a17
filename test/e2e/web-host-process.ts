import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

const repoRoot = resolve(__dirname, '../..')
const URL_LINE = /^(http:\/\/cs-[0-9a-f]+\.localhost:(\d+))\/\?token=(\S+)$/m

/** The web host as a person runs it (`npm run dev:browser`'s command), in a process of its own. */
export interface WebHostProcess {
  child: ChildProcess
  /** The printed URL, launch secret included. */
  url: string
  origin: string
  port: number
  secret: string
  /** Everything the process wrote, stdout and stderr. */
  output(): string
  /** Whether the process is still running. */
  alive(): boolean
  stop(): Promise<void>
}

/**
 * Starts `electron/web-host/cli.ts` on a free port and waits for the URL line it prints: on
 * `dataDir` (`--data-dir`), or with null on the data directory it chooses itself (from `env`).
 */
export function spawnWebHost(dataDir: string | null, env: NodeJS.ProcessEnv = {}): Promise<WebHostProcess> {
  const dataDirArgs = dataDir === null ? [] : ['--data-dir', dataDir]
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web-host/cli.ts', ...dataDirArgs, '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => rejectStart(new Error(`The web host printed no URL within 30 s:\n${output}`)), 30_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = URL_LINE.exec(output)
      if (!match) return
      clearTimeout(timer)
      resolveStart({
        child,
        url: match[0],
        origin: match[1]!,
        port: Number(match[2]),
        secret: match[3]!,
        output: () => output,
        alive: () => child.exitCode === null && child.signalCode === null,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await exited
        }
      })
    }
    child.stdout.on('data', read)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.once('exit', (code) => {
      clearTimeout(timer)
      rejectStart(new Error(`The web host exited (${code}) before printing its URL:\n${output}`))
    })
  })
}
