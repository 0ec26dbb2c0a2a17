import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_GLOBAL, IPC_METHODS, ipcChannel } from '../../shared/ipc/channels'

// One method per contract channel and nothing generic: the renderer cannot name a channel itself.
const bridge = Object.fromEntries(
  IPC_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(method), ...args)])
)

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, Object.freeze(bridge))
