import { beforeEach, describe, expect, it, vi } from 'vitest'

// The Electron binary cannot run on the CI machines, so the shell's security settings are checked
// against a recording stand-in for the `electron` module: what the window asks for is asserted.
const recorded = vi.hoisted(() => ({
  windowOptions: [] as Record<string, unknown>[],
  contentsHandlers: new Map<string, (...args: unknown[]) => void>(),
  windowOpenHandler: null as null | (() => unknown),
  permissionHandler: null as null | ((...args: unknown[]) => void),
  headersHandler: null as null | ((details: unknown, callback: (response: unknown) => void) => void),
  appHandlers: new Map<string, (...args: unknown[]) => void>()
}))

vi.mock('electron', () => {
  class BrowserWindow {
    constructor(options: Record<string, unknown>) {
      recorded.windowOptions.push(options)
    }
    once() {}
    loadFile() {
      return Promise.resolve()
    }
    loadURL() {
      return Promise.resolve()
    }
  }
  const contents = {
    on: (event: string, handler: (...args: unknown[]) => void) => recorded.contentsHandlers.set(event, handler),
    setWindowOpenHandler: (handler: () => unknown) => (recorded.windowOpenHandler = handler)
  }
  return {
    BrowserWindow,
    app: {
      isPackaged: true,
      on: (event: string, handler: (...args: unknown[]) => void) => {
        recorded.appHandlers.set(event, handler)
        if (event === 'web-contents-created') handler({}, contents)
      }
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (handler: typeof recorded.headersHandler) => (recorded.headersHandler = handler) },
        setPermissionRequestHandler: (handler: typeof recorded.permissionHandler) => (recorded.permissionHandler = handler)
      }
    }
  }
})

const { createMainWindow, hardenSessions, isTrustedRendererUrl } = await import('../../electron/main/window')

describe('the Electron shell', () => {
  beforeEach(() => recorded.windowOptions.splice(0))

  it('creates windows isolated and sandboxed, without Node in the renderer', () => {
    createMainWindow()
    const prefs = recorded.windowOptions[0]!['webPreferences'] as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(prefs['preload']).toMatch(/preload[\\/]index\.js$/)
  })

  it('denies navigation, redirects, webviews, new windows and permission requests', () => {
    hardenSessions()
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn()
      recorded.contentsHandlers.get(event)!({ preventDefault })
      expect(preventDefault, event).toHaveBeenCalled()
    }
    expect(recorded.windowOpenHandler!()).toEqual({ action: 'deny' })
    const callback = vi.fn()
    recorded.permissionHandler!({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
  })

  it('adds a strict Content-Security-Policy header to every response', () => {
    hardenSessions()
    const callback = vi.fn()
    recorded.headersHandler!({ responseHeaders: { 'x-other': ['1'] } }, callback)
    const headers = (callback.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> }).responseHeaders
    const csp = headers['Content-Security-Policy']![0]!
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/https?:|unsafe-eval/)
    expect(headers['x-other']).toEqual(['1'])
  })

  it('trusts IPC only from the packaged renderer page', () => {
    expect(isTrustedRendererUrl('file:///opt/Countersign/resources/app.asar/out/renderer/index.html')).toBe(true)
    expect(isTrustedRendererUrl('https://evil.example/renderer/index.html')).toBe(false)
    expect(isTrustedRendererUrl('file:///tmp/other.html')).toBe(false)
  })
})
