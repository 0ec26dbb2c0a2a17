import { randomUUID } from 'node:crypto'
import { canonicalJson } from '../../../shared/canonical-json'
import type { Case } from '../../../shared/domain/case'
import { textChanges } from '../../../shared/domain/text-changes'
import type { ReviewerKeys } from '../signing/reviewer-keys'
import {
  DECISION_RECORD_SCHEMA,
  rejectReasonsFor,
  type DecisionRecord,
  type DecisionRequest,
  type FieldEdit
} from '../../../shared/domain/decision'
import { proposalText } from '../../../shared/domain/proposal-text'
import { pushesOverNetwork } from '../../../shared/backends/backend-config'
import type { CaseDetail, DecisionReceipt, QueuePage, WorkspaceSummary } from '../../../shared/ipc/views'
import type { Db } from '../db/connection'
import { CasesRepository } from '../db/repositories/cases-repository'
import { DecisionsRepository } from '../db/repositories/decisions-repository'
import { OutboxRepository } from '../db/repositories/outbox-repository'
import { WorkspacesRepository } from '../db/repositories/workspaces-repository'
import { sha256Hex } from '../hashing'
import { ReviewError } from './review-errors'

export interface ReviewServiceOptions {
  reviewer: string
  /** Signs every decision record. */
  keys: ReviewerKeys
  appVersion: string
  now?: () => Date
  /** Told after each decision is committed, so its backend can be sent it promptly. */
  onDecided?: (workspaceId: string) => void
  /** Problems found at start-up (an invalid config file), shown to the reviewer. */
  problems?: string[]
}

/** The queue, the open case, and recording decisions: everything the review screen asks of the cache. */
export class ReviewService {
  private readonly cases: CasesRepository
  private readonly decisions: DecisionsRepository
  private readonly workspaces: WorkspacesRepository
  private readonly outbox: OutboxRepository
  private readonly now: () => Date
  private decisionQueue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly options: ReviewServiceOptions
  ) {
    this.cases = new CasesRepository(db)
    this.decisions = new DecisionsRepository(db)
    this.workspaces = new WorkspacesRepository(db)
    this.outbox = new OutboxRepository(db)
    this.now = options.now ?? (() => new Date())
  }

  summary(): WorkspaceSummary {
    return {
      workspaces: this.workspaces.list().map(({ id, name, isDemo }) => ({ id, name, isDemo })),
      counts: this.cases.counts(),
      reviewer: this.options.reviewer,
      problems: this.options.problems ?? []
    }
  }

  queuePage(offset: number, limit: number): QueuePage {
    return { offset, total: this.cases.counts().pending, rows: this.cases.pendingPage(offset, limit) }
  }

  /** Where a pending case stands in the queue's order, or null if it is not pending. */
  queuePosition(casePk: number): number | null {
    return this.cases.queuePosition(casePk)
  }

  caseDetail(casePk: number): CaseDetail {
    const detail = this.cases.detail(casePk)
    if (!detail) throw new ReviewError('not-found', `There is no case ${casePk} in the cache.`)
    return detail
  }

  /**
   * Records a decision: builds the record, signs it with the reviewer's key, and commits it with its
   * outbox entry in one transaction, chained to the previous record, before this resolves; only
   * then may the UI move on. Decisions are taken one at a time, so the chain never forks.
   */
  decide(request: DecisionRequest): Promise<DecisionReceipt> {
    const next = this.decisionQueue.then(() => this.decideNow(request))
    this.decisionQueue = next.catch(() => undefined)
    return next
  }

  private async decideNow(request: DecisionRequest): Promise<DecisionReceipt> {
    const key = await this.options.keys.activeKey()
    const detail = this.decidableCase(request)
    const reviewCase = detail.reviewCase
    const edits = editsFrom(reviewCase, request.editedValues)
    if (request.outcome === 'reject') checkReason(reviewCase, request.reasonCode)
    const record: DecisionRecord = {
      schema: DECISION_RECORD_SCHEMA,
      id: randomUUID(),
      workspaceId: detail.workspaceId,
      caseId: reviewCase.id,
      caseRevision: reviewCase.revision,
      kind: reviewCase.kind,
      shownContentHash: detail.contentHash,
      proposed: reviewCase.proposal,
      outcome: request.outcome === 'approve' && edits.length > 0 ? 'approve-with-edits' : request.outcome,
      optionId: null,
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
    this.db.transaction(() => {
      // A sync may have changed the case while the record was being signed.
      this.decidableCase(request)
      this.decisions.append(request.casePk, record, recordJson, sha256Hex(recordJson), jws)
      this.cases.setState(request.casePk, 'decided')
      const kind = this.workspaces.get(detail.workspaceId)?.kind ?? 'bundle'
      this.outbox.add(
        {
          decisionId: record.id,
          workspaceId: detail.workspaceId,
          casePk: request.casePk,
          envelope: { id: record.id, caseId: record.caseId, caseRevision: record.caseRevision, record: { ...record }, jws }
        },
        pushesOverNetwork(kind) ? 'pending' : 'local',
        record.decidedAt
      )
    })()
    this.options.onDecided?.(record.workspaceId)
    return { decisionId: record.id, outcome: record.outcome, counts: this.cases.counts() }
  }

  /** The case, if it can be decided as the request says: still pending, at the revision shown. */
  private decidableCase(request: DecisionRequest): CaseDetail {
    const detail = this.caseDetail(request.casePk)
    const reviewCase = detail.reviewCase
    if (detail.state !== 'pending') {
      const why = detail.state === 'decided' ? 'has already been decided' : `was ${detail.state} by its backend`
      throw new ReviewError('already-decided', `"${reviewCase.title}" ${why}.`)
    }
    if (request.revision !== reviewCase.revision) {
      throw new ReviewError(
        'revision-conflict',
        `"${reviewCase.title}" changed while you reviewed it (you saw revision ${request.revision}, ` +
          `the cache now holds ${reviewCase.revision}). Look at it again before deciding.`
      )
    }
    return detail
  }
}

/** Structured edits (field, old, new) for the proposal fields the reviewer changed. */
function editsFrom(reviewCase: Case, editedValues: Record<string, string> | undefined): FieldEdit[] {
  if (!editedValues) return []
  const { text, editableField } = proposalText(reviewCase)
  const edits: FieldEdit[] = []
  for (const [field, value] of Object.entries(editedValues)) {
    if (field !== editableField) {
      throw new ReviewError('invalid-edit', `The field "${field}" of a ${reviewCase.kind} case cannot be edited.`)
    }
    if (value !== text) edits.push({ field, old: text, new: value, ranges: textChanges(text, value) })
  }
  return edits
}

function checkReason(reviewCase: Case, reasonCode: string | undefined): void {
  const known = rejectReasonsFor(reviewCase).map((reason) => reason.code)
  if (!reasonCode || !known.includes(reasonCode)) {
    throw new ReviewError(
      'invalid-reason',
      `"${reasonCode}" is not a reject reason for this case; expected one of: ${known.join(', ')}.`
    )
  }
}
