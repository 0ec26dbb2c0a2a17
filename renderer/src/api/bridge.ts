import { BRIDGE_GLOBAL, IPC_METHODS } from '../../../shared/ipc/channels'
import type { CountersignBridge, ExposedBridge } from '../../../shared/ipc/contract'
import { AppError, unwrapIpcResult } from '../../../shared/ipc/errors'

// The only module that touches the bridge object. The preload (Electron) or the web host's bridge
// script provides it; the rest of the renderer imports `bridge` from here.
function findBridge(): ExposedBridge {
  const candidate = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL]
  if (!candidate) throw new Error('Countersign bridge missing: the renderer must run inside the app or the browser harness.')
  return candidate as ExposedBridge
}

/**
 * The exposed bridge as the renderer uses it: each method resolves with its value, or rejects with
 * an AppError carrying the failure's code (shared/ipc/errors.ts), so callers decide by code. A call
 * the host itself rejects (Electron refusing the frame, a missing handler) rejects as
 * 'host-unreachable'; its own words stay in the cause.
 */
export function typedBridge(exposed: ExposedBridge): CountersignBridge {
  const methods = Object.fromEntries(
    IPC_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => {
        let result: unknown
        try {
          result = await (exposed[method] as (...args: unknown[]) => Promise<unknown>)(...args)
        } catch (cause) {
          throw new AppError('host-unreachable', `Countersign's main process did not take the call ${method}; restart the app.`, { cause })
        }
        return unwrapIpcResult(method, result)
      }
    ])
  )
  return { ...methods, onEvent: (listener) => exposed.onEvent(listener) } as CountersignBridge
}

let typed: CountersignBridge | undefined

/**
 * The bridge, looked up on first use rather than on import: importing the store (or anything
 * above it) in Node works, so the renderer's pure logic can be unit-tested there; reading a method
 * where no bridge was provided throws the error above.
 */
export const bridge: CountersignBridge = new Proxy({} as CountersignBridge, {
  get: (_target, method) => Reflect.get((typed ??= typedBridge(findBridge())), method)
})
