import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'

/** At most this many connections wait for their first request at once (see `boundWaitingConnections`). */
export const MAX_WAITING_CONNECTIONS = 128

/**
 * Bounds the connections that have not yet sent a whole request's headers: beyond `limit`, a new
 * connection closes the oldest one still waiting. Anyone on the machine can open connections and
 * keep them waiting, and open each again the moment it is closed, so a cap on open connections
 * alone lets such a flood shut the page out; closing the oldest waiting one does not, since the
 * page's connections send their request at once and stop waiting. Node's `http.Server` events:
 * `connection`, then `request` or `upgrade` once the headers are in.
 */
export function boundWaitingConnections(server: Server, limit = MAX_WAITING_CONNECTIONS): void {
  const waiting = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    waiting.add(socket)
    socket.once('close', () => waiting.delete(socket))
    if (waiting.size <= limit) return
    const [oldest] = waiting
    waiting.delete(oldest!)
    oldest!.destroy()
  })
  const served = (request: IncomingMessage) => waiting.delete(request.socket)
  server.on('request', served)
  server.on('upgrade', served)
}
