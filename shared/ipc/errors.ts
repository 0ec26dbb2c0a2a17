/**
 * Every code a failed bridge call can carry: a closed list, so the renderer decides by code (a
 * conflict is not a missing case) and never by the wording of a message.
 */
export const ERROR_CODES = [
  /** The IPC contract refused the call before any service ran: an unknown method, or arguments of the wrong shape. */
  'invalid-call',
  /** The case, decision, backend or command named is not (or no longer) there. */
  'not-found',
  /** The case is no longer pending: decided here, or withdrawn or reassigned by its backend. */
  'already-decided',
  /** The case changed (a newer revision arrived) since the reviewer saw it. */
  'revision-conflict',
  /** An edited value breaks its field's rules or the schema the automation sent. */
  'invalid-edit',
  /** The option chosen is not one of the case's options. */
  'unknown-option',
  /** The reject reason is not one of the case's reasons. */
  'invalid-reason',
  /** The reroute target is not one its backend lists (or the backend lists none). */
  'unknown-reroute-target',
  /** A value the call carries has the right shape but cannot be true (e.g. a case opened in the future). */
  'invalid-argument',
  /** The key cannot be bound as asked: another command has it, it is reserved, or it is not a key. */
  'key-conflict',
  /** The case is no longer this reviewer's to decide (withdrawn, reassigned, decided elsewhere). */
  'not-yours',
  /** A backend sent a case that fails the case schema. */
  'invalid-case',
  /** A checkout that cannot be taken as asked (e.g. it ends too soon). */
  'invalid-checkout',
  /** A backend's settings cannot be saved or read as they are. */
  'invalid-settings',
  /** The action would lose something (e.g. undelivered decisions): the reviewer must confirm it. */
  'needs-confirmation',
  /** An export's file could not be written (a read-only folder, a full disk); the message names the file. */
  'export-failed',
  /** No key can sign decisions (e.g. its private half is gone from the keychain). */
  'signing-unavailable',
  /** The OS keychain did not answer. */
  'keychain-unavailable',
  /** A backend could not be reached or broke its protocol; `detail` names the kind (offline, timeout, auth, server, protocol, config). */
  'backend-failed',
  /** The renderer lost its connection to the host (the web host's socket closed or never opened). */
  'host-unreachable',
  /** Anything else: a fault in Countersign. The message is generic; the details are in the log. */
  'internal'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** A failure as it crosses the bridge: `message` is written for the reviewer; `detail` is optional extra (a kind, a field). */
export interface BridgeError {
  code: ErrorCode
  message: string
  detail?: string
}

/**
 * Whether `value` is a BridgeError: a code from ERROR_CODES, a message, an optional detail, and
 * nothing else. Checked by hand, not with zod: the renderer runs this, and zod in its first chunk
 * cost ~40 ms of every start (building schemas before the first screen).
 */
export function isBridgeError(value: unknown): value is BridgeError {
  if (typeof value !== 'object' || value === null) return false
  const { code, message, detail, ...rest } = value as Record<string, unknown>
  return (
    (ERROR_CODES as readonly unknown[]).includes(code) &&
    typeof message === 'string' &&
    (detail === undefined || typeof detail === 'string') &&
    Object.keys(rest).length === 0
  )
}

/**
 * What every bridge method resolves with, in both hosts. A result, not a rejection: Electron keeps
 * only the message of an error thrown across `ipcRenderer.invoke` and the context bridge
 * (electron/electron#28346 re-creates it from the message), so the code would be lost.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError }

/**
 * A failure with a code from ERROR_CODES, thrown by services and re-thrown in the renderer when a
 * call's result says it failed. The message is written for the reviewer.
 */
export class AppError extends Error {
  override name = 'AppError'
  readonly detail: string | undefined

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { detail?: string; cause?: unknown } = {}
  ) {
    super(message, { cause: options.cause })
    this.detail = options.detail
  }

  /** The plain shape that crosses the bridge. */
  toBridge(): BridgeError {
    return this.detail === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, detail: this.detail }
  }
}

/**
 * The value of a call's result, or its failure thrown as an AppError. A result of any other shape
 * (which only a broken host sends) becomes an 'internal' failure naming the method.
 */
export function unwrapIpcResult<T>(method: string, result: unknown): T {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    if (result.ok === true && 'value' in result) return result.value as T
    if (result.ok === false && 'error' in result) {
      const { error } = result
      if (isBridgeError(error)) throw new AppError(error.code, error.message, { detail: error.detail })
    }
  }
  throw new AppError('internal', `Countersign's host answered ${method} with something that is not a result.`)
}

/** Any thrown value as an AppError; one that is not becomes `code` with its message. */
export function asAppError(error: unknown, code: ErrorCode = 'internal'): AppError {
  if (error instanceof AppError) return error
  return new AppError(code, error instanceof Error ? error.message : String(error), { cause: error })
}
