import { BRIDGE_GLOBAL } from '../../../shared/ipc/channels'
import type { CountersignBridge } from '../../../shared/ipc/contract'

// The only module that touches the bridge object. The preload (Electron) or the browser harness
// provides it; the rest of the renderer imports `bridge` from here.
function findBridge(): CountersignBridge {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL]
  if (!candidate) throw new Error('Countersign bridge missing: the renderer must run inside the app or the browser harness.')
  return candidate as CountersignBridge
}

export const bridge = findBridge()

/** Electron prefixes errors crossing IPC with "Error invoking remote method …: Error:"; keep the reason. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '')
}
