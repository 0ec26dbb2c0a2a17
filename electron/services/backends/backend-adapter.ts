import type { PublicKeyEntry } from '../../../shared/audit/audit-log'
import type { RerouteTargets } from '../../../shared/domain/reroute-target'
import { AppError } from '../../../shared/ipc/errors'
import type { ProtocolFault } from '../../../shared/ipc/views'
import type { CaseChange, CasePage, DecisionEnvelope, PushItemResult } from '../../../shared/review-api/protocol'
import type { IngestChange } from '../sync/case-prep/prepare-case'

/** A backend's answer for one decision: settled, or to be tried again later (the target is busy). */
export type AdapterPushResult = PushItemResult | { decisionId: string; status: 'retry'; detail: string }

/**
 * Who numbers a backend's revisions: the backend (each case carries its own, raised whenever its
 * content changes; other content under the same or a lower revision is a protocol fault), or
 * `cache` for a backend that keeps none (LangGraph): the cache numbers its cases, keeping the
 * stored revision while a case's content stays the same and raising it by one when it changes.
 */
export type RevisionSource = 'backend' | 'cache'

/** A page of changes as an adapter hands it to sync: each case raw (ingest validates it) or already prepared (`prepareCase`, in a worker thread). */
export type ChangePage = Omit<CasePage, 'changes'> & { changes: IngestChange[] }

/**
 * What the sync engine needs from a backend kind. One folder per kind implements it; the engine
 * never knows which protocol is behind it.
 */
export interface BackendAdapter {
  /** Who numbers this backend's revisions; `backend` when absent. */
  readonly revisions?: RevisionSource
  /** One page of changes after `cursor` (null: from the beginning). */
  pull(cursor: string | null, signal: AbortSignal): Promise<ChangePage>
  /**
   * Delivers a batch of decisions; the results as the backend gave them (any order, matched to the
   * envelopes by decision id; the sync engine checks they match). Kinds that do not push return null.
   */
  push(envelopes: DecisionEnvelope[], signal: AbortSignal): Promise<AdapterPushResult[] | null>
  /** Throws a BackendError saying what is wrong, or resolves if the backend answers. */
  checkHealth(signal: AbortSignal): Promise<void>
  /** One open case by id, whoever holds it, to take it over; null for kinds without a shared service. */
  lookUpCase(caseId: string, signal: AbortSignal): Promise<{ case: unknown; assignee: string }> | null
  /**
   * Who or which queues a case may be rerouted to, asked after each complete pull; null when
   * nothing is new (the cached list stays). Throws a BackendError like `pull`.
   */
  rerouteTargets(signal: AbortSignal): Promise<RerouteTargets | null>
  /** Registers the reviewer's public signing key, for backends that verify signatures (else null). */
  registerKey(key: PublicKeyEntry, signal: AbortSignal): Promise<void> | null
  /**
   * For backends with no change feed, whose every pull pass from a null cursor lists all open
   * cases: given the cached pending cases a complete pass did not list, the changes (withdrawals)
   * for those really gone. A case can go unlisted because the list shifted while it was paged.
   */
  reconcile?(unlistedCaseIds: string[], signal: AbortSignal): Promise<CaseChange[]>
}

export type BackendErrorKind = 'offline' | 'timeout' | 'auth' | 'server' | 'protocol' | 'config'

/** A failure to talk to a backend, with a message written for the reviewer; crosses the bridge as 'backend-failed' with its kind as detail. */
export class BackendError extends AppError {
  override name = 'BackendError'
  constructor(
    readonly kind: BackendErrorKind,
    message: string
  ) {
    super('backend-failed', message, { detail: kind })
  }

  /** Worth trying again later without anyone changing anything. */
  get retryable(): boolean {
    return this.kind === 'offline' || this.kind === 'timeout' || this.kind === 'server'
  }
}

/** The backend answered, but broke its protocol in a way named by `fault`; worth retrying later, with backoff. */
export class ProtocolFaultError extends BackendError {
  constructor(
    readonly fault: ProtocolFault,
    message: string
  ) {
    super('protocol', message)
  }

  override get retryable(): boolean {
    return true
  }
}
