import type { RawData, WebSocket } from 'ws'
import { z } from 'zod'
import { describeIssues } from '../../shared/domain/validation-message'
import type { IpcDispatcher } from '../main/ipc/dispatch'
import type { Logger } from '../services/logging/logger'
import type { BridgeError } from '../../shared/ipc/errors'

/**
 * The largest frame the bridge reads, in bytes (16 MiB: far above any call the renderer makes,
 * such as a long edited draft or a CSV export). A larger frame closes its socket with status
 * 1009 "Message Too Big" as soon as its header announces the size (ws `maxPayload`), before the
 * payload is read.
 */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024

/** One call from the page: `{ "id": 7, "method": "getCase", "args": [42] }`. */
const callFrame = z.strictObject({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(100),
  args: z.array(z.unknown())
})

/**
 * What the host sends on the socket (JSON text frames):
 * - `{ id, ok: true, value }` answers call `id` (the dispatcher's IpcResult, with the call's id);
 * - `{ id, ok: false, error: { code, message, detail? } }` refuses or fails call `id`; `id` is null
 *   when the frame was not a call at all (binary, not JSON, not an object, no usable id), so the
 *   page can still see why;
 * - `{ event }` is an AppEvent the services emitted.
 */
export type BridgeAnswer = { id: number; ok: true; value: unknown } | { id: number | null; ok: false; error: BridgeError } | { event: unknown }

/**
 * Serves one authenticated page's socket: every frame is checked before anything runs, every
 * failure (a refused frame, a handler that throws or rejects, a result that cannot be sent) is
 * answered on this socket and logged by reason, never by content, and none can reach the process.
 */
export function serveBridgeSocket(socket: WebSocket, dispatch: IpcDispatcher, logger: Logger): void {
  const answer = (message: BridgeAnswer) => sendJson(socket, message, logger)
  const refuse = (id: number | null, reason: string) => {
    logger.warn(`web host: bridge frame refused: ${reason}`)
    answer({ id, ok: false, error: { code: 'invalid-call', message: `Frame refused: ${reason}.` } })
  }
  // ws reports protocol faults (an oversized frame, bad framing) here before closing the socket.
  socket.on('error', (error) => logger.warn(`web host: bridge socket closed: ${error.message}`))
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return refuse(null, 'the bridge takes JSON text frames, not binary ones')
    let frame: unknown
    try {
      frame = JSON.parse(rawText(data))
    } catch {
      return refuse(null, 'it is not JSON')
    }
    const parsed = callFrame.safeParse(frame)
    if (!parsed.success) return refuse(callId(frame), `it is not a call { id, method, args }: ${describeIssues(parsed.error)}`)
    const { id, method, args } = parsed.data
    dispatch(method, args)
      .then((result) => answer(result.ok ? { id, ok: true, value: result.value ?? null } : { id, ok: false, error: result.error }))
      .catch((error: unknown) => logger.error(`web host: could not answer ${method}: ${String(error)}`))
  })
}

/** Sends one JSON frame if the socket is still open; a value that cannot be serialized becomes an 'internal' failure. */
export function sendJson(socket: WebSocket, message: BridgeAnswer, logger: Logger): void {
  if (socket.readyState !== socket.OPEN) return
  let text: string
  try {
    text = JSON.stringify(message)
  } catch (error) {
    const id = 'id' in message ? message.id : null
    text = JSON.stringify({ id, ok: false, error: { code: 'internal', message: `The answer could not be sent: ${(error as Error).message}` } })
  }
  socket.send(text, (error) => {
    if (error) logger.warn(`web host: a frame could not be sent: ${error.message}`)
  })
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8')
}

/** The id of a frame that is not a valid call, when it has a usable one, so the caller's promise settles. */
function callId(frame: unknown): number | null {
  if (typeof frame !== 'object' || frame === null || !('id' in frame)) return null
  const { id } = frame
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null
}
