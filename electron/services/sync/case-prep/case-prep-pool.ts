import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import { BackendError, type BackendErrorKind } from '../../backends/backend-adapter'
import type { ReviewerActivity } from '../reviewer-activity'
import type { BundleIndex, PreparedBundlePiece } from './prepare-bundle'
import type { PreparedPage } from './prepare-page'

/**
 * Work for a worker: a change-feed page (`preparePage`) as bytes received, a bundle file's bytes
 * to index (`indexBundle`), or a piece of an indexed bundle's cases (`prepareBundlePiece`).
 */
export type CasePrepTask =
  | { type: 'page'; bytes: Uint8Array; backendName: string; what: string }
  | { type: 'bundle-index'; bytes: Uint8Array; unlessHash: string | null }
  | { type: 'bundle-piece'; text: Uint8Array; ranges: Uint32Array; firstIndex: number }

export type CasePrepRequest = { id: number; task: CasePrepTask }

export type CasePrepResult = PreparedPage | BundleIndex | PreparedBundlePiece

/** A worker's answer: the result, or the error it threw (its name, its BackendError kind if any, its message). */
export type CasePrepReply =
  | { id: number; result: CasePrepResult }
  | { id: number; error: { name: string; kind: BackendErrorKind | null; message: string } }

export interface CasePrepPoolOptions {
  /** Worker threads at most (default: the cores, up to 2). */
  workers?: number
  /** Each worker's V8 limits; a page that needs more ends its worker, and that page fails. */
  resourceLimits?: ResourceLimits
  /**
   * The reviewer's keystrokes: each worker pauses between cases while
   * `activity.turn()` would wait, keeping FLOOR_SHARE of its time (a sync has one page prepared
   * ahead at a time, so a smaller part would slow a single pull under a held key), so a page being
   * prepared on the other core does not take the cores from the frame a keystroke asked for.
   */
  activity?: ReviewerActivity
}

/**
 * Each worker's heap: room for the largest answer a backend may send (128 MiB of text, see
 * http-json) parsed, with its prepared copy; past it the worker stops and that page fails. The
 * young generation is three times V8's default (semi-spaces of 32 MiB, not 16): preparing a case
 * allocates its parsed, validated and serialised copies, nearly all garbage at once, and with the
 * default each 5,000 cases took ~25% more CPU in scavenges (measured: 550 against 700 ms).
 */
const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 96 }

interface Job {
  task: CasePrepTask
  /** Buffers moved to the worker with the task. */
  transfer: ArrayBuffer[]
  /** The message for the job's failure when its worker stops, given why. */
  stopped(reason: string): Error
  resolve(result: unknown): void
  reject(error: Error): void
  /** Aborted: the job is no longer wanted, and is dropped (rejecting with its reason) when its turn comes, if it has not started. */
  signal?: AbortSignal
}

/**
 * Worker threads (node:worker_threads) that turn change-feed pages and case bundles into cases
 * ready to store: decoding, exact JSON parsing, validation, serialising and hashing run there,
 * off the services' thread, which then only runs SQL. Workers start on first use and are kept;
 * one that stops (out of memory, a crash) fails the job it had, naming it, and is replaced by the
 * next job's. A page's bytes are moved to the worker, not copied.
 */
export class CasePrepPool {
  readonly size: number
  private readonly idle: Worker[] = []
  private readonly busy = new Map<Worker, Job>()
  private readonly queue: Job[] = []
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
    const stopped = (reason: string) =>
      new BackendError('server', `${backendName}'s answer to ${what} could not be read: the worker preparing it stopped (${reason}); nothing from that page was stored.`)
    return this.run({ type: 'page', bytes, backendName, what }, stopped, [bytes.buffer as ArrayBuffer]) as Promise<PreparedPage>
  }

  /**
   * A bundle file indexed (`indexBundle`): hashed, its envelope read, its cases found but not yet
   * parsed. Pass `bytes` in shared memory (a SharedArrayBuffer) to have them shared with the
   * worker, not copied. Rejects with an Error named as the worker's (`BundleError` for an
   * unusable bundle), or saying the bundle could not be read when its worker stopped.
   */
  indexBundle(bytes: Uint8Array, unlessHash: string | null): Promise<BundleIndex> {
    const indexed = this.run({ type: 'bundle-index', bytes, unlessHash }, bundleStopped, [])
    // A changed bundle's pieces follow its index, one per worker: the other workers start (a
    // quarter of a second each, mostly loading zod) while it is indexed, not after.
    this.startIdle()
    return indexed as Promise<BundleIndex>
  }

  /**
   * A piece of an indexed bundle's cases prepared (`prepareBundlePiece`): `ranges` into its UTF-8
   * `text` (`BundleIndex.text`, shared, not copied), the first one at `firstIndex` in the bundle.
   * Rejects as `indexBundle` does. Once `signal` aborts, a piece not yet started is dropped (and
   * rejects with the signal's reason): the pass it was for has stopped.
   */
  prepareBundlePiece(text: Uint8Array, ranges: Uint32Array, firstIndex: number, signal?: AbortSignal): Promise<PreparedBundlePiece> {
    return this.run({ type: 'bundle-piece', text, ranges, firstIndex }, bundleStopped, [], signal) as Promise<PreparedBundlePiece>
  }

  /** Ends every worker; jobs waiting or under way fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new Error('The case preparation workers are closed.'))
    const workers = [...this.idle.splice(0), ...this.busy.keys()]
    await Promise.all(workers.map((worker) => worker.terminate()))
  }

  private run(task: CasePrepTask, stopped: (reason: string) => Error, transfer: ArrayBuffer[], signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('The case preparation workers are closed.'))
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    return new Promise((resolve, reject) => {
      this.queue.push({ task, transfer, stopped, resolve, reject, signal })
      this.dispatch()
    })
  }

  private dispatch(): void {
    for (;;) {
      // A job whose signal aborted while it waited is dropped here, not listened for: a bundle
      // pass queues all its pieces on one signal, and a listener each would pile up on it.
      while (this.queue[0]?.signal?.aborted) {
        const dropped = this.queue.shift()!
        dropped.reject(dropped.signal!.reason as Error)
      }
      if (this.queue.length === 0) return
      const worker = this.idle.pop() ?? (this.idle.length + this.busy.size < this.size ? this.spawn() : null)
      if (!worker) return
      const job = this.queue.shift()!
      this.busy.set(worker, job)
      worker.ref()
      worker.postMessage({ id: ++this.nextId, task: job.task } satisfies CasePrepRequest, job.transfer)
    }
  }

  /** Starts workers, idle, until there are `size`. */
  private startIdle(): void {
    while (!this.closed && this.idle.length + this.busy.size < this.size) {
      const worker = this.spawn()
      worker.unref()
      this.idle.push(worker)
    }
  }

  private spawn(): Worker {
    const workerData: CasePrepWorkerData = { reviewerSignal: this.options.activity?.signal ?? null }
    const worker = startWorker(this.options.resourceLimits ?? DEFAULT_RESOURCE_LIMITS, workerData)
    worker.on('message', (reply: CasePrepReply) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      worker.unref()
      if (!this.closed) this.idle.push(worker)
      if ('result' in reply) job?.resolve(reply.result)
      else job?.reject(workerError(reply.error))
      this.dispatch()
    })
    const stopped = (reason: string) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      const at = this.idle.indexOf(worker)
      if (at !== -1) this.idle.splice(at, 1)
      if (job && !this.closed) job.reject(job.stopped(reason))
      this.dispatch()
    }
    worker.on('error', (error) => stopped(error.message))
    worker.on('exit', (code) => stopped(`exit code ${code}`))
    return worker
  }
}

function bundleStopped(reason: string): Error {
  return new Error(`The bundle could not be read: the worker preparing it stopped (${reason}); nothing more from it was stored.`)
}

/** The error a worker threw, rebuilt on this side: a BackendError of its kind, or an Error with its name. */
function workerError({ name, kind, message }: { name: string; kind: BackendErrorKind | null; message: string }): Error {
  if (kind) return new BackendError(kind, message)
  const error = new Error(message)
  error.name = name
  return error
}

/** What a worker is told when it starts. */
export interface CasePrepWorkerData {
  /** The reviewer's keystrokes to pause for (`ReviewerActivity.signal`); null: never pause. */
  reviewerSignal: SharedArrayBuffer | null
}

let shared: CasePrepPool | undefined

/**
 * The process's pool, for an adapter made without the sync engine's (a test's); made on first
 * use, its idle workers never keep the process alive. It pauses for no keystrokes.
 */
export function sharedCasePrepPool(): CasePrepPool {
  return (shared ??= new CasePrepPool())
}

/**
 * The worker's script: built beside the main bundle (electron-vite's `case-prep-worker` entry,
 * out/main/case-prep-worker.js) or, running from source (tsx, vitest), the TypeScript file with
 * tsx's loader.
 */
function startWorker(resourceLimits: ResourceLimits, workerData: CasePrepWorkerData): Worker {
  const built = join(__dirname, 'case-prep-worker.js')
  if (existsSync(built)) return new Worker(built, { resourceLimits, workerData })
  // tsx's require hook (synchronous, in the worker's own thread), then the script.
  const source = join(__dirname, 'case-prep-worker.ts')
  const tsx = createRequire(source).resolve('tsx/cjs')
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)})`, { eval: true, resourceLimits, workerData })
}
