import { BrowserWindow, app, session, type WebContents } from 'electron'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'

const devServerUrl = process.env['ELECTRON_RENDERER_URL']
const rendererFile = join(__dirname, '../renderer/index.html')

/** True for the frames that may talk to the main process: our own renderer, nothing else. */
export function isTrustedRendererUrl(url: string): boolean {
  if (devServerUrl && !app.isPackaged) return url.startsWith(devServerUrl)
  return url.startsWith('file://') && decodeURIComponent(new URL(url).pathname).endsWith('/renderer/index.html')
}

/** Security settings for every web contents the app ever creates. */
export function hardenSessions(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  app.on('web-contents-created', (_event, contents) => denyNavigation(contents))
}

function denyNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Countersign',
    backgroundColor: '#101318',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())
  if (devServerUrl && !app.isPackaged) void window.loadURL(devServerUrl)
  else void window.loadFile(rendererFile)
  return window
}

