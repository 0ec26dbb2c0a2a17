import { Worker } from 'node:worker_threads'

/**
 * The worker's whole program, as text: it needs no bundling step of its own, so Electron's main
 * bundle and the browser harness (run from source) start it the same way. It opens its own
 * connection to the cache and checkpoints on request.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    parentPort.postMessage(error.message)
  }
})
`

export interface CheckpointOptions {
  intervalMs?: number
  onError?: (message: string) => void
}

/**
 * Copies the WAL back into the database file every `intervalMs`, on a worker thread with its own
 * connection. A PASSIVE checkpoint blocks no reader or writer in SQLite, but better-sqlite3 runs it
 * synchronously: on the main thread, after a large sync, it held the event loop for two seconds.
 * `onError` hears of checkpoints that failed (the next one tries again). Returns a stop function.
 */
export function startCheckpointing(file: string, { intervalMs = 30_000, onError = () => {} }: CheckpointOptions = {}): () => void {
  const worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3') } })
  worker.on('message', (message: string) => onError(message))
  worker.on('error', (error) => onError(error.message))
  worker.unref()
  const timer = setInterval(() => worker.postMessage('checkpoint'), intervalMs)
  timer.unref?.()
  return () => {
    clearInterval(timer)
    worker.postMessage('close')
  }
}
