import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DATABASE_FILE } from '../../electron/services/app-services'
import type { BackendStatus } from '../../shared/ipc/views'

/** What the bench asks of the web host process (web-host-child.ts); `seq` pairs a reply with its request. */
export type HostRequest = { seq: number } & HostCommand

type HostCommand =
  | { type: 'add-backend'; id: string; name: string; url: string; token: string }
  | { type: 'sync'; id: string }
  | { type: 'status'; id: string }
  | { type: 'blocks' }
  | { type: 'close' }

export type HostReply = { seq: number; result?: unknown; error?: string }

/** Linux's clock ticks per second for /proc/<pid>/stat's CPU times (`getconf CLK_TCK`, 100 on every Linux build this runs on). */
const CLOCK_TICKS_PER_S = 100

/** The web host running in a child process: its URL, a few requests to its services, and its CPU time. */
export interface WebHostProcess {
  url: string
  origin: string
  pid: number
  addBackend(id: string, name: string, url: string, token: string): Promise<void>
  /** Starts a pull of that backend (without waiting for it). */
  sync(id: string): Promise<void>
  status(id: string): Promise<BackendStatus | null>
  /**
   * Cases of that workspace stored at or after `since` (an ISO 8601 time on this machine's clock):
   * a case is stamped with the time its page of changes began to be applied, and counted once
   * its ingest transaction has committed. Counted from this process over a read connection of
   * its own (WAL: neither waits for the other), not on the services' event loop, where each
   * count (~11 ms over 30,000 cases) was itself one of the blocks measured.
   */
  storedSince(id: string, since: string): Promise<number>
  /**
   * The services' event loop blocks (gaps over 10 ms between ticks of a 1 ms timer, in ms; see
   * EventLoopBlocks) seen so far while pulls asked for by `sync` ran.
   */
  blocks(): Promise<number[]>
  /**
   * CPU time the process has used so far, in ms, every thread of it (the services' event loop,
   * SQLite, libuv's pool, V8's helpers): user + system time from /proc/<pid>/stat (proc(5),
   * fields 14 and 15), counted by the kernel in 10 ms ticks.
   */
  cpuMs(): number
  close(): Promise<void>
}

export async function startWebHostProcess(dataDir: string, reviewer: string): Promise<WebHostProcess> {
  const child: ChildProcess = fork(join(__dirname, 'web-host-child.ts'), [dataDir, reviewer], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = once(child, 'exit')
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let seq = 0
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: HostReply | { ready: string }) => {
      if ('ready' in message) return resolve(message.ready)
      const pending = waiting.get(message.seq)
      waiting.delete(message.seq)
      if (message.error !== undefined) pending?.reject(new Error(`web host: ${message.error}`))
      else pending?.resolve(message.result)
    })
    child.once('exit', (code) => reject(new Error(`the web host process exited (${code}) before it listened`)))
  })
  const ask = <T>(request: HostCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const message: HostRequest = { ...request, seq: ++seq }
      waiting.set(message.seq, { resolve: resolve as (value: unknown) => void, reject })
      child.send(message)
    })
  let reader: Database.Database | null = null
  let closed = false
  return {
    url,
    origin: new URL(url).origin,
    pid: child.pid!,
    addBackend: (id, name, backendUrl, token) => ask({ type: 'add-backend', id, name, url: backendUrl, token }),
    sync: (id) => ask({ type: 'sync', id }),
    status: (id) => ask({ type: 'status', id }),
    async storedSince(id, since) {
      reader ??= new Database(join(dataDir, DATABASE_FILE), { readonly: true })
      return reader.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM cases WHERE workspace_id = ? AND received_at >= ?').get(id, since)!.n
    },
    blocks: () => ask({ type: 'blocks' }),
    cpuMs() {
      // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ticks = Number(fields[11]) + Number(fields[12])
      return (ticks * 1000) / CLOCK_TICKS_PER_S
    },
    async close() {
      if (closed) return
      closed = true
      reader?.close()
      await ask({ type: 'close' }).catch(() => {})
      await exited
    }
  }
}
