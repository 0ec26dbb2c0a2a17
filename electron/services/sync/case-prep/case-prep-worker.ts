import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { BackendError } from '../../backends/backend-adapter'
import { ReviewerActivity } from '../reviewer-activity'
import type { CasePrepReply, CasePrepRequest, CasePrepResult, CasePrepTask, CasePrepWorkerData } from './case-prep-pool'
import { indexBundle, prepareBundlePiece } from './prepare-bundle'
import { preparePage } from './prepare-page'

// A worker thread of CasePrepPool: parses, validates, serialises and hashes pages of cases so
// that the services' thread only writes them. One request at a time; every answer carries its id.

/**
 * On Linux this thread lowers its own priority (all its work is background work) (setpriority(2) on a thread id
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

const { reviewerSignal } = workerData as CasePrepWorkerData
/** The reviewer's keystrokes, which this worker pauses for between cases (background work). */
const activity = reviewerSignal ? ReviewerActivity.inWorker(reviewerSignal) : null

/** The task's result, and the buffers to move (not copy) with it: the prepared cases' bodies. */
function perform(task: CasePrepTask): { result: CasePrepResult; transfer: ArrayBuffer[] } {
  const step = activity?.steps()
  switch (task.type) {
    case 'page': {
      const { page, buffer } = preparePage(task.bytes, task, step)
      return { result: page, transfer: [buffer] }
    }
    case 'bundle-index':
      step?.()
      // The text, in shared memory, goes back shared.
      return { result: indexBundle(task.bytes, task.unlessHash), transfer: [] }
    case 'bundle-piece': {
      const { piece, buffer } = prepareBundlePiece(task.text, task.ranges, task.firstIndex, step)
      return { result: piece, transfer: [buffer] }
    }
  }
}

lowerPriority()
parentPort!.on('message', ({ id, task }: CasePrepRequest) => {
  try {
    const { result, transfer } = perform(task)
    parentPort!.postMessage({ id, result } satisfies CasePrepReply, transfer)
  } catch (error) {
    const { name, message } = error as Error
    parentPort!.postMessage({ id, error: { name, kind: error instanceof BackendError ? error.kind : null, message } } satisfies CasePrepReply)
  }
})
