/**
 * One backend's side of claims. The Review API enforces them (leases, protocol 1.1); a LangGraph
 * server only stores them (an advisory claim in the thread's metadata). Times are ms since the epoch.
 */
export type ClaimResult =
  | { caseId: string; status: 'held'; holder: string; expiresAt: number }
  /** Someone else holds it until `expiresAt`. */
  | { caseId: string; status: 'conflict'; holder: string; expiresAt: number }
  | { caseId: string; status: 'not-found' }

export interface ClaimClient {
  /** Whether the backend refuses a colleague's claim itself (only then is field checkout offered). */
  enforced: boolean
  /** Claims (or renews) each case for `ttlSeconds`; one result per id, in order. Throws a BackendError when unreachable. */
  claim(caseIds: readonly string[], ttlSeconds: number, signal: AbortSignal): Promise<ClaimResult[]>
  /** Releases this reviewer's claims on these cases (ones not held are ignored). */
  release(caseIds: readonly string[], signal: AbortSignal): Promise<void>
}
