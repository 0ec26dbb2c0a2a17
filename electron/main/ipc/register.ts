import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { IPC_METHODS, ipcChannel } from '../../../shared/ipc/channels'
import type { IpcDispatcher } from './dispatch'

/**
 * Binds each contract method to its own channel. Calls from any frame other than our own
 * renderer are refused (GitHub Desktop does the same).
 */
export function registerIpc(dispatch: IpcDispatcher, isTrustedUrl: (url: string) => boolean): void {
  for (const method of IPC_METHODS) {
    ipcMain.handle(ipcChannel(method), (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const url = event.senderFrame?.url ?? ''
      if (!isTrustedUrl(url)) throw new Error(`Refused IPC "${method}" from untrusted frame ${url}`)
      return dispatch(method, args)
    })
  }
}
