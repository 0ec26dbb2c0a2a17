import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { BackendError } from '../../backends/backend-adapter'
import { ReviewerActivity } from '../reviewer-activity'
import type { CasePrepReply, CasePrepRequest, CasePrepTask, CasePrepWorkerData } from './case-prep-pool'
import { prepareBundleShare, type PreparedBundleShare } from './prepare-bundle'
import { preparePage, type PreparedPage } from './prepare-page'

// A worker thread of CasePrepPool: parses, validates, serialises and hashes pages of cases so
// that the services' thread only writes them. One request at a time; every answer carries its id.

/**
 * Background work (`workerData.background`): on Linux this thread lowers its own priority (setpriority(2) on a thread id
 * applies to that thread alone), so it takes the cores only when the review screen's processes
 * leave them idle. Elsewhere it runs at the process's priority.
 */
function lowerPriority(): void {
  if (process.platform !== 'linux') return
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1))
    if (Number.isInteger(threadId)) setPriority(threadId, 19)
  } catch {
    // Not allowed or not there: the work is only slower to give way.
  }
}

/**
 * Replaces each prepared case's JSON string by its UTF-8 bytes, all in one new buffer (returned,
 * to be moved with the answer): one transfer instead of a string per case to copy.
 */
function bodiesAsBytes(changes: readonly { type: string; body?: string | Uint8Array }[]): ArrayBuffer {
  const cases = changes.filter((change) => change.type === 'prepared-case')
  let length = 0
  for (const item of cases) length += Buffer.byteLength(item.body as string)
  const bytes = new Uint8Array(length)
  const encoder = new TextEncoder()
  let at = 0
  for (const item of cases) {
    const { written } = encoder.encodeInto(item.body as string, bytes.subarray(at))
    item.body = bytes.subarray(at, at + written)
    at += written
  }
  return bytes.buffer
}

const { background, reviewerSignal } = workerData as CasePrepWorkerData
/** The reviewer's keystrokes, which this worker pauses for between cases (background work). */
const activity = reviewerSignal ? ReviewerActivity.inWorker(reviewerSignal) : null

function perform(task: CasePrepTask): PreparedPage | PreparedBundleShare {
  const step = activity?.steps()
  return task.type === 'page' ? preparePage(task.bytes, task, step) : prepareBundleShare(task.bytes, task.share, task.shares, task.shiftMs, step)
}

if (background) lowerPriority()
parentPort!.on('message', ({ id, task }: CasePrepRequest) => {
  try {
    const result = perform(task)
    const bodies = bodiesAsBytes('changes' in result ? result.changes : result.prepared)
    parentPort!.postMessage({ id, result } satisfies CasePrepReply, [bodies])
  } catch (error) {
    const { name, message } = error as Error
    parentPort!.postMessage({ id, error: { name, kind: error instanceof BackendError ? error.kind : null, message } } satisfies CasePrepReply)
  }
})
