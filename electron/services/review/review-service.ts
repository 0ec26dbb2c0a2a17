import { AppError } from '../../../shared/ipc/errors'
import { randomUUID } from 'node:crypto'
import { canonicalJson } from '../../../shared/canonical-json'
import { caseSchema, type Case } from '../../../shared/domain/case'
import { describeIssues } from '../../../shared/domain/validation-message'
import { fieldEdits } from '../../../shared/domain/field-edits'
import { refusedAnswer } from '../../../shared/domain/offered-answers'
import type { ReviewerKeys } from '../signing/reviewer-keys'
import {
  DECISION_RECORD_SCHEMA,
  UNDO_GRACE_MS,
  type DecisionRecord,
  type DecisionRequest
} from '../../../shared/domain/decision'
import { rejectReasonsFor } from '../../../shared/domain/reject-reasons'
import { pushesOverNetwork } from '../../../shared/backends/backend-config'
import type { CaseDetail, DecisionReceipt, QueuePage, UndoReceipt, WorkspaceSummary } from '../../../shared/ipc/views'
import type { QueueFilter } from '../../../shared/domain/queue-view'
import type { Repositories } from '../db/repositories'
import type { CasesRepository } from '../db/repositories/cases-repository'
import type { DecisionFactsRepository } from '../db/repositories/decision-facts-repository'
import type { DecisionsRepository } from '../db/repositories/decisions-repository'
import type { DraftsRepository } from '../db/repositories/drafts-repository'
import type { OutboxRepository } from '../db/repositories/outbox-repository'
import type { RerouteTargetsRepository } from '../db/repositories/reroute-targets-repository'
import type { WorkspacesRepository } from '../db/repositories/workspaces-repository'
import { sha256Hex } from '../hashing'
import { readEdits } from './review-drafts'

export interface ReviewServiceOptions {
  reviewer: string
  /** Signs every decision record. */
  keys: ReviewerKeys
  appVersion: string
  now?: () => Date
  /** Told after each decision is committed, so its backend can be sent it promptly. */
  onDecided?: (workspaceId: string) => void
  /** Problems to show the reviewer now (an invalid config file, no keychain, no usable signing key). */
  problems?: () => string[]
  /** How long a decision waits in the outbox, undoable, before it is sent. */
  undoGraceMs?: number
  /** Whether a decision is on its way to its backend right now (then it cannot be undone). */
  isSending?: (decisionId: string) => boolean
}

/** A snooze that only a new revision from the backend ends (needs-info). */
const SNOOZED_UNTIL_REVISED = 253_402_300_799_000

/** The queue, the open case, and recording decisions: everything the review screen asks of the cache. */
export class ReviewService {
  private readonly cases: CasesRepository
  private readonly decisions: DecisionsRepository
  private readonly drafts: DraftsRepository
  private readonly workspaces: WorkspacesRepository
  private readonly outbox: OutboxRepository
  private readonly facts: DecisionFactsRepository
  private readonly rerouteTargets: RerouteTargetsRepository
  private readonly now: () => Date
  private decisionQueue: Promise<unknown> = Promise.resolve()
  private readonly graceMs: number
  /** The decisions this instance recorded this run, oldest first (the latest 100): what its `u` takes back. */
  private readonly decidedHere: { id: string; casePk: number }[] = []

  private readonly inTransaction: Repositories['inTransaction']

  constructor(
    repositories: Pick<Repositories, 'cases' | 'decisions' | 'drafts' | 'workspaces' | 'outbox' | 'facts' | 'rerouteTargets' | 'inTransaction'>,
    private readonly options: ReviewServiceOptions
  ) {
    this.cases = repositories.cases
    this.decisions = repositories.decisions
    this.drafts = repositories.drafts
    this.workspaces = repositories.workspaces
    this.outbox = repositories.outbox
    this.facts = repositories.facts
    this.rerouteTargets = repositories.rerouteTargets
    this.inTransaction = repositories.inTransaction
    this.now = options.now ?? (() => new Date())
    this.graceMs = options.undoGraceMs ?? UNDO_GRACE_MS
  }

  /** The queue's header; the IPC handler adds where secrets are kept. */
  summary(): Omit<WorkspaceSummary, 'secretStorage'> {
    return {
      workspaces: this.workspaces.list().map(({ id, name, isDemo }) => ({ id, name, isDemo })),
      counts: this.cases.counts(),
      reviewer: this.options.reviewer,
      problems: this.options.problems?.() ?? [],
      undoableUntil: this.undoableUntil()
    }
  }

  /** Until when `u` can take back the decision it would (`undoTarget`), as ISO 8601; null when there is none, or it has left or is leaving. */
  private undoableUntil(): string | null {
    const last = this.undoTarget()
    if (!last) return null
    const delivery = this.outbox.get(last.record.id)
    if ((delivery && delivery.state !== 'pending' && delivery.state !== 'local') || this.options.isSending?.(last.record.id)) return null
    const until = Date.parse(last.record.decidedAt) + this.graceMs
    return until > Date.now() ? new Date(until).toISOString() : null
  }

  /**
   * One page of the pending queue, `limit` rows from position `offset`, and with it the details
   * of the case at position `detailAt` when that is on the page (`caseDetail`). With `around` (a
   * case pk), the page is instead the one holding that case, wherever the queue's changes have
   * moved it (the `limit` rows from the multiple of `limit` at or before its position), if it is
   * still pending; the answer's `offset` says which page was sent.
   */
  queuePage(offset: number, limit: number, filter: QueueFilter = {}, detailAt?: number, around?: number): QueuePage {
    const position = around === undefined ? null : this.cases.queuePosition(around, filter)
    const start = position === null ? offset : position - (position % limit)
    const rows = this.cases.pendingPage(start, limit, filter)
    const row = detailAt === undefined ? undefined : rows[detailAt - start]
    return { offset: start, total: this.cases.queueTotal(filter), rows, ...(row && { detail: this.caseDetail(row.casePk) }) }
  }

  /** Where a pending case stands in the queue's order, or null if it is not pending. */
  queuePosition(casePk: number, filter: QueueFilter = {}): number | null {
    return this.cases.queuePosition(casePk, filter)
  }

  /**
   * Takes back the most recent decision still waiting in the outbox within the grace window: a
   * signed retraction record is added (nothing is deleted), the decision is never sent, and the
   * case returns to the queue. Refused, with the reason, once the decision has left.
   */
  undoLast(): Promise<UndoReceipt> {
    const next = this.decisionQueue.then(() => onChainHead(() => this.undoNow()))
    this.decisionQueue = next.catch(() => undefined)
    return next
  }

  /**
   * The decision `u` takes back: this instance's latest one not yet retracted. Another instance on
   * the same data directory (a second window, the web host beside the desktop app) decides for
   * itself; its decisions are its own `u`'s. Only when this instance has decided nothing this run
   * (it was restarted within the undo window) is the data directory's latest one taken.
   */
  private undoTarget(): { record: DecisionRecord; casePk: number } | undefined {
    if (this.decidedHere.length === 0) return this.decisions.lastUndoable()
    for (let index = this.decidedHere.length - 1; index >= 0; index--) {
      const { id, casePk } = this.decidedHere[index]!
      const onCase = this.decisions.forCase(casePk)
      if (onCase.some((stored) => stored.record.retracts === id)) continue
      const record = onCase.find((stored) => stored.record.id === id)?.record
      if (record) return { record, casePk }
    }
    return undefined
  }

  private async undoNow(): Promise<UndoReceipt> {
    const last = this.undoTarget()
    if (!last) throw new AppError('not-found', 'There is no decision to undo.')
    const { record, casePk } = last
    const delivery = this.outbox.get(record.id)
    const title = this.cases.identity(casePk)?.title ?? record.caseId
    // Each refusal says why first, the case's title last: the status bar cuts a long line at its end.
    if (delivery && delivery.state !== 'pending' && delivery.state !== 'local') {
      const where = delivery.state === 'delivered' ? 'already delivered to its backend' : `${delivery.state} at its backend`
      throw new AppError('already-decided', `it was ${where}, where a correction has to be made: your decision on “${title}”.`)
    }
    if (Date.now() - Date.parse(record.decidedAt) > this.graceMs || this.options.isSending?.(record.id)) {
      const after = delivery?.state === 'local' ? 'is final (no backend takes it back)' : 'is on its way to its backend'
      throw new AppError('already-decided', `the ${Math.round(this.graceMs / 1000)}-second undo window has passed and your decision on “${title}” ${after}.`)
    }
    const key = await this.options.keys.activeKey()
    const retraction: DecisionRecord = {
      ...record,
      id: randomUUID(),
      outcome: 'retract',
      optionId: null,
      rerouteTo: null,
      deferUntil: null,
      reasonCode: null,
      note: null,
      edits: [],
      retracts: record.id,
      reviewer: this.options.reviewer,
      keyId: key.kid,
      openedAt: record.decidedAt,
      decidedAt: this.now().toISOString(),
      appVersion: this.options.appVersion,
      prevHash: this.decisions.headHash()
    }
    const recordJson = canonicalJson(retraction)
    const jws = await key.sign(recordJson)
    // Edits made on the revision decided are given back only while the case is still at it: on a
    // revision its backend sent since, they would silently undo the backend's change. Read with
    // the retraction's commit, not before the signing, which a sync may outrun.
    const { detail, leftByRejection } = this.inTransaction(() => {
      if (this.decisions.headHash() !== retraction.prevHash) throw new ChainMoved()
      this.decisions.append(casePk, retraction, recordJson, sha256Hex(recordJson), jws)
      this.facts.remove(record.id)
      this.outbox.retract(record.id, retraction.decidedAt)
      this.applyToCase(casePk, retraction)
      // A rejection's edits were kept as the case's draft; only while it is the copy they were made on.
      const leftByRejection = record.outcome === 'reject' ? this.drafts.editsOnCached(casePk) : undefined
      return { detail: this.caseDetail(casePk), leftByRejection }
    })
    const revised = detail.reviewCase.revision !== record.caseRevision
    const recorded = revised ? {} : Object.fromEntries(record.edits.map((edit) => [edit.field, edit.new]))
    const edits = leftByRejection === undefined ? recorded : (readEdits(leftByRejection) ?? {})
    return { retractedDecisionId: record.id, casePk, caseTitle: title, counts: this.cases.counts(), edits, editsLeftBehind: revised && record.edits.length > 0, detail }
  }

  caseDetail(casePk: number): CaseDetail {
    const detail = this.cases.detail(casePk)
    if (!detail) throw new AppError('not-found', `There is no case ${casePk} in the cache.`)
    return { ...detail, rerouteTargets: this.rerouteTargets.get(detail.workspaceId) }
  }

  /**
   * Records a decision: builds the record, signs it with the reviewer's key, and commits it with its
   * outbox entry in one transaction, chained to the previous record, before this resolves (the
   * case's stored draft goes in that transaction, as the decision took its edits; a rejection,
   * which takes none, leaves it for its undo); only
   * then may the UI move on. Decisions are taken one at a time, so the chain never forks.
   */
  decide(request: DecisionRequest): Promise<DecisionReceipt> {
    const next = this.decisionQueue.then(() => onChainHead(() => this.decideNow(request)))
    this.decisionQueue = next.catch(() => undefined)
    return next
  }

  private async decideNow(request: DecisionRequest): Promise<DecisionReceipt> {
    const key = await this.options.keys.activeKey()
    const detail = this.decidableCase(request)
    const reviewCase = detail.reviewCase
    checkStillValid(reviewCase)
    const edits = fieldEdits(reviewCase, request.editedValues)
    const refused = refusedAnswer(reviewCase, request.outcome, edits.length > 0)
    if (refused) throw new AppError('unknown-option', refused)
    if (request.outcome === 'reject') checkReason(reviewCase, request.reasonCode)
    if (request.outcome === 'choose-option') checkOption(reviewCase, request.optionId)
    if (request.outcome === 'reroute') checkRerouteTarget(detail, request.rerouteTo)
    checkOpenedAt(request.openedAt, this.now())
    const record: DecisionRecord = {
      schema: DECISION_RECORD_SCHEMA,
      id: randomUUID(),
      workspaceId: detail.workspaceId,
      caseId: reviewCase.id,
      caseRevision: reviewCase.revision,
      kind: reviewCase.kind,
      shownContentHash: sha256Hex(canonicalJson(reviewCase)),
      proposed: reviewCase.proposal,
      outcome: request.outcome === 'approve' && edits.length > 0 ? 'approve-with-edits' : request.outcome,
      optionId: request.optionId ?? null,
      rerouteTo: request.outcome === 'reroute' ? request.rerouteTo! : null,
      deferUntil: request.outcome === 'defer' ? request.deferUntil! : null,
      reasonCode: request.reasonCode ?? null,
      note: request.note?.trim() || null,
      edits,
      retracts: null,
      reviewer: this.options.reviewer,
      keyId: key.kid,
      openedAt: request.openedAt,
      decidedAt: this.now().toISOString(),
      provenance: reviewCase.provenance,
      appVersion: this.options.appVersion,
      prevHash: this.decisions.headHash()
    }
    const recordJson = canonicalJson(record)
    const jws = await key.sign(recordJson)
    this.inTransaction(() => {
      // Another instance on this data directory may have appended to the chain while this record was signed.
      if (this.decisions.headHash() !== record.prevHash) throw new ChainMoved()
      // A sync may have changed the case while the record was being signed.
      this.decidableCase(request)
      const chosen = record.optionId === null ? undefined : reviewCase.options.find((option) => option.id === record.optionId)
      this.decisions.append(request.casePk, record, recordJson, sha256Hex(recordJson), jws, chosen?.label ?? null)
      this.facts.add(request.casePk, record, reviewCase)
      this.applyToCase(request.casePk, record)
      // The decision took the edits; a draft kept past it would come back on a reload. A rejection
      // takes none: its case keeps them, out of the queue, for an undo to give back.
      if (record.outcome !== 'reject') this.drafts.remove(request.casePk)
      const kind = this.workspaces.get(detail.workspaceId)?.kind ?? 'bundle'
      this.outbox.add(
        {
          decisionId: record.id,
          workspaceId: detail.workspaceId,
          casePk: request.casePk,
          envelope: { id: record.id, caseId: record.caseId, caseRevision: record.caseRevision, record: { ...record }, jws }
        },
        pushesOverNetwork(kind) ? 'pending' : 'local',
        record.decidedAt,
        Date.parse(record.decidedAt) + this.graceMs
      )
    })
    this.decidedHere.push({ id: record.id, casePk: request.casePk })
    // Only the latest few can be within the undo window.
    if (this.decidedHere.length > 100) this.decidedHere.splice(0, this.decidedHere.length - 100)
    this.options.onDecided?.(record.workspaceId)
    const undoableUntil = new Date(Date.parse(record.decidedAt) + this.graceMs).toISOString()
    return { decisionId: record.id, outcome: record.outcome, counts: this.cases.counts(), undoableUntil }
  }

  /** What a decision does to the case in the queue. */
  private applyToCase(casePk: number, record: DecisionRecord): void {
    switch (record.outcome) {
      case 'reroute':
        return this.cases.setState(casePk, 'reassigned')
      case 'defer':
        return this.cases.snooze(casePk, Date.parse(record.deferUntil!))
      case 'needs-info':
        // Out of the queue until its backend sends a new revision with the information.
        return this.cases.snooze(casePk, SNOOZED_UNTIL_REVISED)
      case 'retract':
      case 'take-over':
        return this.cases.reopen(casePk)
      default:
        return this.cases.setState(casePk, 'decided')
    }
  }

  /** The case, if it can be decided as the request says: still pending, at the revision and with the content shown. */
  private decidableCase(request: DecisionRequest): CaseDetail {
    const detail = this.caseDetail(request.casePk)
    const reviewCase = detail.reviewCase
    if (detail.state !== 'pending') {
      const why = detail.state === 'decided' ? 'has already been decided' : `was ${detail.state} by its backend`
      throw new AppError('already-decided', `"${reviewCase.title}" ${why}.`)
    }
    if (request.revision !== reviewCase.revision) {
      throw new AppError(
        'revision-conflict',
        `"${reviewCase.title}" changed while you reviewed it (you saw revision ${request.revision}, ` +
          `the cache now holds ${reviewCase.revision}). Look at it again before deciding.`
      )
    }
    if (request.shownContentHash !== undefined && request.shownContentHash !== detail.contentHash) {
      throw new AppError(
        'revision-conflict',
        `"${reviewCase.title}" in the cache is not what you were shown (revision ${reviewCase.revision}, other content). Look at it again before deciding.`
      )
    }
    return detail
  }
}

/**
 * Refuses (AppError 'invalid-case') a cached case that this version's rules (`caseSchema`) refuse:
 * a copy cached by an earlier version was checked by its rules only, and one that contradicts
 * itself (an option whose effect denies how it is taken, two fields of one name) is not decided
 * as stored. Its backend's next copy replaces it (CaseIngest), at the same revision too; the
 * message names what is wrong.
 */
function checkStillValid(reviewCase: Case): void {
  const current = caseSchema.safeParse(reviewCase, { reportInput: true })
  if (current.success) return
  // Why first, the title last: the status bar cuts a long line at its end.
  throw new AppError(
    'invalid-case',
    `this case, cached by an earlier version of Countersign, breaks a rule of this one (${describeIssues(current.error)}); it can be decided once its backend sends it again: “${reviewCase.title}”.`
  )
}

/** The chain's head moved between reading it and appending (a second instance on the same data directory decided meanwhile). */
class ChainMoved extends Error {
  constructor() {
    super('Another Countersign on this data folder recorded a decision at the same moment; try again.')
  }
}

/**
 * Runs `attempt` (which reads the chain's head, signs, and appends in a transaction that checks the
 * head is still the one signed over) again when another process appended meanwhile, so the
 * device's chain never forks: each record names the one before it, whichever instance wrote it.
 */
async function onChainHead<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof ChainMoved) || tries >= 5) throw error
    }
  }
}

function checkOption(reviewCase: Case, optionId: string | undefined): void {
  if (!reviewCase.options.some((option) => option.id === optionId)) {
    throw new AppError('unknown-option', `"${optionId}" is not an option of this case; expected one of: ${reviewCase.options.map((o) => o.id).join(', ')}.`)
  }
}

/** A reroute goes only to a target the case's backend lists (as last synced), never to an id the bridge made up. */
function checkRerouteTarget({ workspaceName, rerouteTargets }: CaseDetail, rerouteTo: string | undefined): void {
  const listed = rerouteTargets?.targets ?? []
  if (listed.some((target) => target.id === rerouteTo)) return
  const expected =
    listed.length > 0
      ? `expected one of: ${listed.map((target) => target.id).join(', ')}`
      : rerouteTargets === null
        ? 'it has not listed its reroute targets yet; sync it first'
        : `it lists none${rerouteTargets.unlisted ? ` (${rerouteTargets.unlisted})` : ''}`
  throw new AppError('unknown-reroute-target', `"${rerouteTo}" is not a reroute target of ${workspaceName}; ${expected}.`)
}

/**
 * How far `openedAt` may lie in the future before it is refused (ms): the renderer's clock may
 * differ a little from this process's.
 */
export const OPENED_AT_SKEW_MS = 10 * 60_000

/**
 * `openedAt` (ISO 8601, the reviewer's first sight of the case) must not lie in the future: time on
 * task is decidedAt − openedAt, and insights and the signed record trust it. There is no lower
 * bound: the case's `createdAt` is stamped by the backend's clock, not this device's, and a
 * backend running ahead would make its cases undecidable.
 */
function checkOpenedAt(openedAt: string, now: Date): void {
  if (Date.parse(openedAt) > now.getTime() + OPENED_AT_SKEW_MS) {
    throw new AppError('invalid-argument', `The case was opened at ${openedAt}, which is later than now (${now.toISOString()}); check this computer's clock.`)
  }
}

function checkReason(reviewCase: Case, reasonCode: string | undefined): void {
  const known = rejectReasonsFor(reviewCase).map((reason) => reason.code)
  if (!reasonCode || !known.includes(reasonCode)) {
    throw new AppError(
      'invalid-reason',
      `"${reasonCode}" is not a reject reason for this case; expected one of: ${known.join(', ')}.`
    )
  }
}
