import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import { BackendError, type BackendErrorKind } from '../../backends/backend-adapter'
import type { PreparedPage } from './prepare-page'

/** A page to prepare: its body as received, and how messages name the backend and the request. */
export interface CasePrepRequest {
  id: number
  bytes: Uint8Array
  backendName: string
  what: string
}

export type CasePrepReply = { id: number; page: PreparedPage } | { id: number; error: { kind: BackendErrorKind | null; message: string } }

export interface CasePrepPoolOptions {
  /** Worker threads at most (default: the cores, up to 2). */
  workers?: number
  /** Each worker's V8 limits; a page that needs more ends its worker, and that page fails. */
  resourceLimits?: ResourceLimits
}

/**
 * Each worker's heap: room for the largest answer a backend may send (128 MiB of text, see
 * http-json) parsed, with its prepared copy; past it the worker stops and that page fails.
 */
const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024 }

interface Task {
  request: Omit<CasePrepRequest, 'id'>
  resolve(page: PreparedPage): void
  reject(error: Error): void
}

/**
 * Worker threads (node:worker_threads) that turn change-feed pages into cases ready to store
 * (`preparePage`): decoding, exact JSON parsing, validation, serialising and hashing run there,
 * off the services' thread, which then only runs SQL. Workers start on first use and are kept;
 * one that stops (out of memory, a crash) fails the page it had, naming it, and is replaced by
 * the next page's. The pages' bytes are moved to the worker, not copied.
 */
export class CasePrepPool {
  private readonly size: number
  private readonly idle: Worker[] = []
  private readonly busy = new Map<Worker, Task>()
  private readonly queue: Task[] = []
  private nextId = 0
  private closed = false

  constructor(private readonly options: CasePrepPoolOptions = {}) {
    this.size = options.workers ?? Math.max(1, Math.min(2, availableParallelism()))
  }

  /**
   * The page prepared. Rejects with the worker's BackendError (not JSON, not a page), or with a
   * BackendError ('server') saying the page could not be read when its worker stopped.
   */
  preparePage(bytes: Uint8Array, backendName: string, what: string): Promise<PreparedPage> {
    if (this.closed) return Promise.reject(new Error('The case preparation workers are closed.'))
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { bytes, backendName, what }, resolve, reject })
      this.dispatch()
    })
  }

  /** Ends every worker; pages waiting or under way fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const task of this.queue.splice(0)) task.reject(new Error('The case preparation workers are closed.'))
    const workers = [...this.idle.splice(0), ...this.busy.keys()]
    await Promise.all(workers.map((worker) => worker.terminate()))
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.idle.length + this.busy.size < this.size ? this.spawn() : null)
      if (!worker) return
      const task = this.queue.shift()!
      this.busy.set(worker, task)
      worker.ref()
      const request: CasePrepRequest = { id: ++this.nextId, ...task.request }
      worker.postMessage(request, [request.bytes.buffer as ArrayBuffer])
    }
  }

  private spawn(): Worker {
    const worker = startWorker(this.options.resourceLimits ?? DEFAULT_RESOURCE_LIMITS)
    worker.on('message', (reply: CasePrepReply) => {
      const task = this.busy.get(worker)
      this.busy.delete(worker)
      worker.unref()
      if (!this.closed) this.idle.push(worker)
      if ('page' in reply) task?.resolve(reply.page)
      else task?.reject(reply.error.kind ? new BackendError(reply.error.kind, reply.error.message) : new Error(reply.error.message))
      this.dispatch()
    })
    const stopped = (reason: string) => {
      const task = this.busy.get(worker)
      this.busy.delete(worker)
      const at = this.idle.indexOf(worker)
      if (at !== -1) this.idle.splice(at, 1)
      if (task && !this.closed) {
        const { backendName, what } = task.request
        task.reject(new BackendError('server', `${backendName}'s answer to ${what} could not be read: the worker preparing it stopped (${reason}); nothing from that page was stored.`))
      }
      this.dispatch()
    }
    worker.on('error', (error) => stopped(error.message))
    worker.on('exit', (code) => stopped(`exit code ${code}`))
    return worker
  }
}

let shared: CasePrepPool | null = null

/** The process's pool, made on first use (its idle workers never keep the process alive). */
export function sharedCasePrepPool(): CasePrepPool {
  shared ??= new CasePrepPool()
  return shared
}

/**
 * The worker's script: built beside the main bundle (electron-vite's `case-prep-worker` entry,
 * out/main/case-prep-worker.js) or, running from source (tsx, vitest), the TypeScript file with
 * tsx's loader.
 */
function startWorker(resourceLimits: ResourceLimits): Worker {
  const built = join(__dirname, 'case-prep-worker.js')
  if (existsSync(built)) return new Worker(built, { resourceLimits })
  // tsx's require hook (synchronous, in the worker's own thread), then the script.
  const source = join(__dirname, 'case-prep-worker.ts')
  const tsx = createRequire(source).resolve('tsx/cjs')
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)})`, { eval: true, resourceLimits })
}
