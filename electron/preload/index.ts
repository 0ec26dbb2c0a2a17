import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { APP_EVENT_CHANNEL, BRIDGE_GLOBAL, IPC_METHODS, ipcChannel } from '../../shared/ipc/channels'

// One method per contract channel and nothing generic: the renderer cannot name a channel itself.
// Each resolves with the dispatcher's IpcResult as it is (a failure's code survives the context
// bridge only as data); the renderer's api/ unwraps it.
const methods = Object.fromEntries(
  IPC_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(method), ...args)])
)

function onEvent(listener: (event: unknown) => void): () => void {
  const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
  ipcRenderer.on(APP_EVENT_CHANNEL, handler)
  return () => ipcRenderer.removeListener(APP_EVENT_CHANNEL, handler)
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, Object.freeze({ ...methods, onEvent }))
