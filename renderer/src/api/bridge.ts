import { BRIDGE_GLOBAL } from '../../../shared/ipc/channels'
import type { CountersignBridge } from '../../../shared/ipc/contract'

// The only module that touches the bridge object. The preload (Electron) or the browser harness
// provides it; the rest of the renderer imports `bridge` from here.
function findBridge(): CountersignBridge {
  const candidate = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL]
  if (!candidate) throw new Error('Countersign bridge missing: the renderer must run inside the app or the browser harness.')
  return candidate as CountersignBridge
}

/**
 * The bridge, looked up on first use rather than on import: importing the store (or anything
 * above it) in Node works, so the renderer's pure logic can be unit-tested there; reading a method
 * where no bridge was provided throws the error above.
 */
export const bridge: CountersignBridge = new Proxy({} as CountersignBridge, {
  get: (_target, method) => Reflect.get(findBridge(), method)
})

/** Electron prefixes errors crossing IPC with "Error invoking remote method …: Error:"; keep the reason. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '')
}
