import { IPC_METHODS, type IpcMethod } from '../../../shared/ipc/channels'
import { ipcArgumentSchemas, type IpcParsedArguments, type IpcResults } from '../../../shared/ipc/contract'
import { AppError, type BridgeError, type IpcResult } from '../../../shared/ipc/errors'
import { describeIssues } from '../../../shared/domain/validation-message'
import type { Logger } from '../../services/logging/logger'

/** The service call behind each channel, given arguments that already passed validation. */
export type IpcHandlers = {
  [M in IpcMethod]: (...args: IpcParsedArguments<M>) => IpcResults[M] | Promise<IpcResults[M]>
}

/** Runs one call; always resolves, with the handler's value or the failure as a BridgeError. */
export type IpcDispatcher = (method: string, rawArgs: unknown[]) => Promise<IpcResult<unknown>>

/**
 * Validates a call against the contract and runs its handler. Used by the Electron main process
 * and, identically, by the web host's bridge socket, so both check exactly the same things and
 * carry failures the same way: an AppError keeps its code, message and detail; anything else is
 * logged (with its stack) and reaches the renderer only as 'internal' with a generic message.
 */
export function createIpcDispatcher(handlers: IpcHandlers, logger: Logger): IpcDispatcher {
  return async (method, rawArgs) => {
    try {
      return { ok: true, value: await run(handlers, method, rawArgs) }
    } catch (error) {
      return { ok: false, error: toBridgeError(error, method, logger) }
    }
  }
}

function run(handlers: IpcHandlers, method: string, rawArgs: unknown[]): unknown {
  if (!isIpcMethod(method)) throw new AppError('invalid-call', `Unknown IPC method "${method}".`)
  const parsed = ipcArgumentSchemas[method].safeParse(rawArgs)
  if (!parsed.success) throw new AppError('invalid-call', `Invalid arguments for ${method}: ${describeIssues(parsed.error)}`)
  const handler = handlers[method] as (...args: unknown[]) => unknown
  return handler(...(parsed.data as unknown[]))
}

/** Faults of the data folder's storage, by their SQLite or system code, said in the reviewer's words. */
const STORAGE_FAULTS: Record<string, string> = {
  SQLITE_FULL: 'the disk that holds its data folder is full',
  ENOSPC: 'the disk that holds its data folder is full',
  SQLITE_READONLY: 'its data folder cannot be written (read-only)',
  EROFS: 'its data folder cannot be written (read-only)',
  SQLITE_IOERR: 'its data folder’s disk failed to write',
  EIO: 'its data folder’s disk failed to write'
}

function storageFault(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return undefined
  return STORAGE_FAULTS[code] ?? STORAGE_FAULTS[code.split('_').slice(0, 2).join('_')]
}

function toBridgeError(error: unknown, method: string, logger: Logger): BridgeError {
  if (error instanceof AppError) return error.toBridge()
  logger.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  // A full or read-only disk is no fault of Countersign, and its log may not be writable either: say what it is.
  const storage = storageFault(error)
  if (storage) return { code: 'internal', message: `Countersign could not complete ${method}: ${storage}, so it was not recorded. Free space or fix the folder, then try again.` }
  return { code: 'internal', message: `Countersign could not complete ${method}: an unexpected fault (the details are in logs/countersign.log in its data folder).` }
}

function isIpcMethod(method: string): method is IpcMethod {
  return (IPC_METHODS as readonly string[]).includes(method)
}
