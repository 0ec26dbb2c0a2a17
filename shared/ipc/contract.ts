import { z } from 'zod'
import { casePkSchema, decisionRequestSchema } from '../domain/decision'
import type { IpcMethod } from './channels'
import type { CaseDetail, DecisionReceipt, QueuePage, WorkspaceSummary } from './views'

/**
 * The typed IPC contract: for each bridge method, the schema of its arguments (checked on the main
 * side before any service runs) and the type of its result.
 */
export const QUEUE_PAGE_MAX = 500

export const ipcArgumentSchemas = {
  getWorkspaceSummary: z.tuple([]),
  getQueuePage: z.tuple([
    z.object({
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive().max(QUEUE_PAGE_MAX)
    })
  ]),
  getCase: z.tuple([casePkSchema]),
  decide: z.tuple([decisionRequestSchema])
} satisfies Record<IpcMethod, z.ZodTuple>

export interface IpcResults {
  getWorkspaceSummary: WorkspaceSummary
  getQueuePage: QueuePage
  getCase: CaseDetail
  decide: DecisionReceipt
}

export type IpcArguments<M extends IpcMethod> = z.input<(typeof ipcArgumentSchemas)[M]>
export type IpcParsedArguments<M extends IpcMethod> = z.output<(typeof ipcArgumentSchemas)[M]>

/** The object the renderer sees as `window.countersign`: one method per channel, nothing generic. */
export type CountersignBridge = {
  [M in IpcMethod]: (...args: IpcArguments<M>) => Promise<IpcResults[M]>
}
