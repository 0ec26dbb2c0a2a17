import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { createIpcDispatcher, type IpcHandlers } from '../../electron/main/ipc/dispatch'
import { registerIpc } from '../../electron/main/ipc/register'
import type { Logger } from '../../electron/services/logging/logger'
import { bridgeScript } from '../../electron/web-host/bridge-script'
import { serveBridgeSocket } from '../../electron/web-host/bridge-socket'
import { BRIDGE_GLOBAL, IPC_METHODS } from '../../shared/ipc/channels'
import type { ExposedBridge } from '../../shared/ipc/contract'
import { AppError, ERROR_CODES, type ErrorCode } from '../../shared/ipc/errors'
import { typedBridge } from '../../renderer/src/api/bridge'

// Each error code, thrown by a service, must reach the renderer intact through both hosts: Electron
// (ipcMain handler → structured clone → preload → context bridge) and the web host (its real
// WebSocket and the bridge script the page runs).

const TRUSTED_URL = 'file:///app/renderer/index.html'

/**
 * A stand-in for the `electron` module, as its IPC behaves: ipcRenderer.invoke reaches the handler
 * ipcMain registered, and arguments and results cross as structured clones.
 */
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  exposed: new Map<string, unknown>()
}))
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => electron.handlers.set(channel, handler) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = electron.handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      return structuredClone(await handler({ senderFrame: { url: TRUSTED_URL } }, ...structuredClone(args)))
    },
    on: () => {},
    removeListener: () => {}
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) }
}))

const logged: string[] = []
const logger: Logger = { info: () => {}, warn: () => {}, error: (message) => logged.push(message) }

/** What every handler throws next; the one value the hosts must carry. */
let next: unknown
const handlers = Object.fromEntries(
  IPC_METHODS.map((method) => [
    method,
    () => {
      throw next
    }
  ])
) as unknown as IpcHandlers
const dispatch = createIpcDispatcher(handlers, logger)

/** Calls getCase(1) through a host's bridge and the renderer's api layer; returns the AppError it rejects with. */
async function failureThrough(exposed: ExposedBridge): Promise<AppError> {
  const error: unknown = await typedBridge(exposed)
    .getCase(1)
    .then(() => new Error('the call did not fail'), (rejection: unknown) => rejection)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const hosts: Record<string, () => ExposedBridge> = {}
let server: Server
const sockets: WebSocket[] = []

beforeAll(async () => {
  registerIpc(dispatch, (url) => url === TRUSTED_URL)
  await import('../../electron/preload/index')
  hosts['Electron IPC'] = () => electron.exposed.get(BRIDGE_GLOBAL) as ExposedBridge

  const socketServer = new WebSocketServer({ noServer: true })
  server = createServer()
  server.on('upgrade', (request, socket, head) => socketServer.handleUpgrade(request, socket, head, (webSocket) => serveBridgeSocket(webSocket, dispatch, logger)))
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen))
  const { port } = server.address() as AddressInfo
  // The page's script as the web host serves it, run against a real WebSocket to the real socket handler.
  const window: Record<string, unknown> = {}
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      sockets.push(this)
    }
  }
  const location = { origin: `http://127.0.0.1:${port}` }
  runInNewContext(bridgeScript(), { window, location, WebSocket: PageWebSocket, console })
  hosts['web host'] = () => window[BRIDGE_GLOBAL] as ExposedBridge
})

afterAll(async () => {
  for (const socket of sockets) socket.close()
  server.closeAllConnections()
  await new Promise((resolveClose) => server.close(resolveClose))
})

describe.each(['Electron IPC', 'web host'])('errors across the bridge: %s', (host) => {
  it.each(ERROR_CODES.map((code) => [code]))('carries %s with its message and detail intact', async (code: ErrorCode) => {
    next = new AppError(code, `“${code}” as the reviewer reads it.`, { detail: `detail of ${code}` })
    const error = await failureThrough(hosts[host]!())
    expect(error.toBridge()).toEqual({ code, message: `“${code}” as the reviewer reads it.`, detail: `detail of ${code}` })
  })

  it('carries a failure without detail as one without detail', async () => {
    next = new AppError('not-found', 'There is no case 1 in the cache.')
    expect((await failureThrough(hosts[host]!())).toBridge()).toEqual({ code: 'not-found', message: 'There is no case 1 in the cache.' })
  })

  it('turns an unexpected exception into "internal" with a generic message: no stack, no path reaches the renderer; the log has them', async () => {
    logged.length = 0
    next = new Error("ENOENT: no such file or directory, open '/home/dana/secret-place/x.csv'")
    const error = await failureThrough(hosts[host]!())
    expect(error.code).toBe('internal')
    expect(error.message).toBe('Countersign could not complete getCase: an unexpected fault (the details are in logs/countersign.log in its data folder).')
    expect(error.detail).toBeUndefined()
    expect(logged).toEqual([expect.stringMatching(/^getCase failed: Error: ENOENT.*secret-place[\s\S]*\n\s+at /)])
  })

  it('refuses a call the contract does not allow as "invalid-call", naming the argument', async () => {
    await expect(typedBridge(hosts[host]!()).getCase('1 OR 1=1' as unknown as number)).rejects.toMatchObject({
      code: 'invalid-call',
      message: expect.stringMatching(/^Invalid arguments for getCase: 0:/)
    })
  })

  it('resolves a value unchanged', async () => {
    const value = { casePk: 1, note: 'a value' }
    next = undefined
    const bridge = hosts[host]!()
    const original = handlers.getQueueStats
    handlers.getQueueStats = () => value as never
    try {
      await expect(typedBridge(bridge).getQueueStats()).resolves.toEqual(value)
    } finally {
      handlers.getQueueStats = original
    }
  })
})

describe('the web host bridge while its connection is open', () => {
  it('sends a call in the caller\'s own task, so calls made while the page\'s script evaluates are answered meanwhile', async () => {
    const bridge = hosts['web host']!()
    const original = handlers.getQueueStats
    handlers.getQueueStats = () => ({ sent: true }) as never
    try {
      await typedBridge(bridge).getQueueStats() // the socket is open from here on
      const sent: string[] = []
      for (const socket of sockets) {
        const send = socket.send.bind(socket)
        socket.send = ((data: string) => {
          sent.push((JSON.parse(data) as { method: string }).method)
          send(data)
        }) as typeof socket.send
      }
      const answer = typedBridge(bridge).getQueueStats()
      expect(sent).toEqual(['getQueueStats'])
      await expect(answer).resolves.toEqual({ sent: true })
    } finally {
      handlers.getQueueStats = original
    }
  })
})

describe('the web host bridge when its connection ends', () => {
  it('answers calls as "host-unreachable" once the socket has closed, instead of leaving them waiting', async () => {
    const bridge = hosts['web host']!()
    for (const socket of sockets) socket.close()
    await vi.waitFor(() => expect(sockets.every((socket) => socket.readyState === WebSocket.CLOSED)).toBe(true))
    await expect(typedBridge(bridge).getCase(1)).rejects.toMatchObject({ code: 'host-unreachable', message: expect.stringMatching(/closed; reload the page/) })
  })
})
