import { Worker } from 'node:worker_threads'

/**
 * The worker's whole program, as text: it needs no bundling step of its own, so Electron's main
 * bundle and the browser harness (run from source) start it the same way. It opens its own
 * connection to the cache (or says why it cannot, `{ error }`, and ends), checkpoints on request
 * and answers each one (`{}`, or `{ error }`), and on 'close' closes that connection and raises
 * the shared `closed` flag the main thread is waiting on.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const closed = new Int32Array(workerData.closed)
function raiseClosed() {
  Atomics.store(closed, 0, 1)
  Atomics.notify(closed, 0)
}
let db = null
try {
  db = new (require(workerData.driver))(workerData.file, { fileMustExist: true })
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
} catch (error) {
  // Without a connection this thread is of no use: it ends, and the next checkpoint starts another.
  parentPort.postMessage({ error: error.message })
  raiseClosed()
  process.exit(1)
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    db?.close()
    raiseClosed()
    parentPort.close()
    return
  }
  try {
    db?.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({})
  } catch (error) {
    parentPort.postMessage({ error: error.message })
  }
})
`

/** How long stopping waits for a checkpoint under way to finish and the connection to close. */
const CLOSE_TIMEOUT_MS = 5_000
/** How soon a checkpoint asked for by `soon` starts (unless one is under way: then once it ends). */
const SOON_MS = 250

export interface CheckpointOptions {
  intervalMs?: number
  onError?: (message: string) => void
}

export interface Checkpointing {
  /**
   * Asks for a checkpoint within SOON_MS, after writes committed without waiting for the disk (a
   * sync's ingest, `inRefetchableTransaction`): the worker syncs them to the disk, off the
   * services' thread, so the next FULL commit there (a decision) has only its own pages to sync,
   * and the WAL stops growing. Calls while one is pending or under way add nothing.
   */
  soon(): void
  /** Stops, returning once the worker's connection is closed. */
  stop(): void
}

/**
 * Copies the WAL back into the database file every `intervalMs`, and `soon` after bulk writes, on
 * a worker thread with its own connection; never two checkpoints at once. A PASSIVE checkpoint
 * blocks no reader or writer in SQLite, but better-sqlite3 runs it synchronously: on the main
 * thread, after a large sync, it held the event loop for two seconds. `onError` hears of
 * checkpoints that failed (the next one tries again).
 *
 * `stop` returns once the worker's connection is closed, so whoever closes the app's connection
 * next is the last one, and nothing touches the files after the app is shut.
 */
export function startCheckpointing(file: string, { intervalMs = 30_000, onError = () => {} }: CheckpointOptions = {}): Checkpointing {
  // The worker starts at the first checkpoint, not with the app: starting a thread cost up to
  // 20 ms of the first screen, and there is nothing to copy yet.
  let worker: { thread: Worker; closed: Int32Array } | null = null
  let underWay = false
  let askedAgain = false
  let stopped = false
  const startWorker = (): { thread: Worker; closed: Int32Array } => {
    const closed = new Int32Array(new SharedArrayBuffer(4))
    const thread = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { file, driver: require.resolve('better-sqlite3'), closed: closed.buffer }
    })
    thread.on('message', ({ error }: { error?: string }) => {
      if (error !== undefined) onError(error)
      underWay = false
      if (askedAgain) checkpoint()
    })
    thread.on('error', (error) => onError(error.message))
    // However it ended (it could not open the file, or it failed), the next checkpoint starts another.
    thread.on('exit', () => {
      if (worker?.thread !== thread) return
      worker = null
      underWay = false
    })
    thread.unref()
    return { thread, closed }
  }
  const checkpoint = () => {
    askedAgain = underWay
    if (underWay || stopped) return
    underWay = true
    ;(worker ??= startWorker()).thread.postMessage('checkpoint')
  }
  const timer = setInterval(checkpoint, intervalMs)
  timer.unref?.()
  let soonTimer: ReturnType<typeof setTimeout> | null = null
  return {
    soon() {
      if (soonTimer !== null || stopped) return
      soonTimer = setTimeout(() => {
        soonTimer = null
        checkpoint()
      }, SOON_MS)
      soonTimer.unref?.()
    },
    stop() {
      stopped = true
      clearInterval(timer)
      if (soonTimer !== null) clearTimeout(soonTimer)
      if (!worker) return
      worker.thread.postMessage('close')
      if (Atomics.wait(worker.closed, 0, 0, CLOSE_TIMEOUT_MS) === 'timed-out') onError('the checkpoint worker did not close in time')
    }
  }
}
