import { app, BrowserWindow, dialog, Menu, Notification } from 'electron'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { APP_EVENT_CHANNEL } from '../../shared/ipc/channels'
import type { AppEvent } from '../../shared/ipc/events'
import { openAppServices } from '../services/app-services'
import { createIpcDispatcher } from './ipc/dispatch'
import { allIpcHandlers } from './ipc/handlers'
import { registerIpc } from './ipc/register'
import { buildApplicationMenu } from './menu'
import { createMainWindow, hardenSessions, isTrustedRendererUrl } from './window'

// The composition root: Electron wiring only. Everything it calls below the IPC line is plain
// Node code, tested without Electron.

function resourcesDir(): string {
  return app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources')
}

app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void app.whenReady().then(() => {
    hardenSessions()
    const sendToWindows = (event: AppEvent) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(APP_EVENT_CHANNEL, event)
    }
    const menuActions = { runCommand: (id: string) => sendToWindows({ type: 'run-command', id }) }
    const services = openAppServices({
      dataDir: process.env['COUNTERSIGN_DATA_DIR'] ?? app.getPath('userData'),
      resourcesDir: resourcesDir(),
      reviewer: userInfo().username,
      appVersion: app.getVersion(),
      // For tests driving the packaged app; the default window is the product's.
      undoGraceMs: process.env['COUNTERSIGN_UNDO_GRACE_MS'] ? Number(process.env['COUNTERSIGN_UNDO_GRACE_MS']) : undefined,
      emit: sendToWindows,
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show()
      },
      onKeymapChange: (keymap) => Menu.setApplicationMenu(buildApplicationMenu(menuActions, keymap)),
      chooseExportFile: async (suggestedName) => {
        const result = await dialog.showSaveDialog({
          title: 'Export',
          defaultPath: join(app.getPath('documents'), suggestedName)
        })
        return result.canceled || !result.filePath ? null : result.filePath
      }
    })
    Menu.setApplicationMenu(buildApplicationMenu(menuActions, services.keymap.get()))
    registerIpc(createIpcDispatcher(allIpcHandlers(services), services.logger), isTrustedRendererUrl)
    // The diff editors' screen-reader mode costs every case switch, so it follows the OS.
    const sendScreenReader = () => sendToWindows({ type: 'screen-reader', active: app.accessibilitySupportEnabled })
    app.on('accessibility-support-changed', sendScreenReader)
    app.on('browser-window-created', (_event, window) => window.webContents.on('did-finish-load', sendScreenReader))
    createMainWindow()

    app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
    })
    app.on('will-quit', () => services.close())
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
