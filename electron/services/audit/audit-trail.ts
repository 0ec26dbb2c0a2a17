import { rejectReasonsFor } from '../../../shared/domain/reject-reasons'
import { AppError } from '../../../shared/ipc/errors'
import { writeFileSync } from 'node:fs'
import { AUDIT_LOG_FORMAT, verifyEntries, type AuditEntry, type AuditLogHeader } from '../../../shared/audit/audit-log'
import type { AuditPage, CaseHistory, ChainStatus, SignatureStatus } from '../../../shared/ipc/audit-views'
import type { Repositories } from '../db/repositories'
import type { StoredDecision } from '../db/repositories/decisions-repository'
import { fingerprint, type ReviewerKeys } from '../signing/reviewer-keys'
import { stringifyJson } from '../../../shared/json/exact-json'

/**
 * The workstation's audit trail: the decision log with each record's signature and chain link
 * checked, exported as JSON Lines for anyone to verify offline (npm run verify-audit).
 */
export class AuditTrail {
  constructor(
    private readonly repositories: Pick<Repositories, 'decisions' | 'cases' | 'outbox' | 'rerouteTargets'>,
    private readonly keys: ReviewerKeys,
    private readonly reviewer: string
  ) {}

  page(offset: number, limit: number): AuditPage {
    const { decisions } = this.repositories
    return { total: decisions.count(), offset, items: decisions.page(offset, limit) }
  }

  async caseHistory(casePk: number): Promise<CaseHistory> {
    const { cases, decisions, outbox, rerouteTargets } = this.repositories
    const identity = cases.identity(casePk)
    if (!identity) throw new AppError('not-found', `There is no case ${casePk}.`)
    const labels = decisions.optionLabels(casePk)
    const detail = cases.detail(casePk)
    const reviewCase = detail?.reviewCase
    const reasons = reviewCase ? rejectReasonsFor(reviewCase) : []
    const targets = detail ? (rerouteTargets.get(detail.workspaceId)?.targets ?? []) : []
    const entries = await Promise.all(
      decisions.forCase(casePk).map(async (stored) => ({
        record: stored.record,
        optionLabel: labels.get(stored.id) ?? null,
        reasonLabel: reasons.find((reason) => reason.code === stored.record.reasonCode)?.label ?? null,
        rerouteLabel: targets.find((target) => target.id === stored.record.rerouteTo)?.label ?? null,
        recordHash: stored.recordHash,
        signature: await this.signatureOf(stored),
        delivery: outbox.get(stored.id)?.state ?? null
      }))
    )
    return { casePk, caseId: identity.caseId, caseTitle: identity.title, entries }
  }

  /** Checks every signature and chain link of the stored log. */
  async verifyChain(): Promise<ChainStatus> {
    const result = await verifyEntries(this.keys.publicKeys(), this.repositories.decisions.all().map(toEntry), null)
    return result.ok
      ? { ok: true, count: result.count, headHash: result.headHash, problem: null }
      : { ok: false, count: result.goodBefore, headHash: null, problem: { line: result.line, decisionId: result.decisionId, reason: result.reason } }
  }

  /** Writes the whole log as JSON Lines; returns how many decisions it holds. */
  exportLog(file: string): { file: string; count: number } {
    const header: AuditLogHeader = {
      type: AUDIT_LOG_FORMAT,
      version: 1,
      exportedAt: new Date().toISOString(),
      reviewer: this.reviewer,
      chainStart: null,
      keys: this.keys.publicKeys()
    }
    const log = this.repositories.decisions.all()
    const lines = [JSON.stringify(header), ...log.map((stored) => stringifyJson(toEntry(stored)))]
    writeFileSync(file, lines.join('\n') + '\n')
    return { file, count: log.length }
  }

  private async signatureOf(stored: StoredDecision): Promise<SignatureStatus> {
    if (!stored.jws) return { status: 'unsigned', kid: null, fingerprint: null, detail: 'Recorded before decisions were signed.' }
    const result = await verifyEntries(this.keys.publicKeys(), [toEntry(stored)], stored.record.prevHash)
    const kid = stored.record.keyId
    return result.ok
      ? { status: 'valid', kid, fingerprint: fingerprint(kid), detail: null }
      : { status: 'invalid', kid, fingerprint: kid ? fingerprint(kid) : null, detail: result.reason }
  }
}

function toEntry(stored: StoredDecision): AuditEntry {
  return { type: 'decision', recordHash: stored.recordHash, record: stored.record as unknown as Record<string, unknown>, jws: stored.jws ?? '' }
}
