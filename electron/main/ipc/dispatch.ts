import { IPC_METHODS, type IpcMethod } from '../../../shared/ipc/channels'
import { ipcArgumentSchemas, type IpcParsedArguments, type IpcResults } from '../../../shared/ipc/contract'
import { describeIssues } from '../../../shared/domain/validation-message'

/** The service call behind each channel, given arguments that already passed validation. */
export type IpcHandlers = {
  [M in IpcMethod]: (...args: IpcParsedArguments<M>) => IpcResults[M] | Promise<IpcResults[M]>
}

/** A call the contract rejects before any service runs. */
export class IpcArgumentError extends Error {
  override name = 'IpcArgumentError'
}

export type IpcDispatcher = (method: string, rawArgs: unknown[]) => unknown

/**
 * Validates a call against the contract and runs its handler. Used by the Electron main process
 * and, identically, by the browser harness, so both check exactly the same things.
 */
export function createIpcDispatcher(handlers: IpcHandlers): IpcDispatcher {
  return (method, rawArgs) => {
    if (!isIpcMethod(method)) throw new IpcArgumentError(`Unknown IPC method "${method}".`)
    const parsed = ipcArgumentSchemas[method].safeParse(rawArgs)
    if (!parsed.success) {
      throw new IpcArgumentError(`Invalid arguments for ${method}: ${describeIssues(parsed.error)}`)
    }
    const handler = handlers[method] as (...args: unknown[]) => unknown
    return handler(...(parsed.data as unknown[]))
  }
}

function isIpcMethod(method: string): method is IpcMethod {
  return (IPC_METHODS as readonly string[]).includes(method)
}
