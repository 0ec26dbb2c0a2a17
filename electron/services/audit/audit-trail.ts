import { AppError } from '../../../shared/ipc/errors'
import { writeFileSync } from 'node:fs'
import { AUDIT_LOG_FORMAT, verifyEntries, type AuditEntry, type AuditLogHeader } from '../../../shared/audit/audit-log'
import type { DecisionRecord } from '../../../shared/domain/decision'
import type { AuditPage, CaseHistory, ChainStatus, SignatureStatus } from '../../../shared/ipc/audit-views'
import type { Db } from '../db/connection'
import { fingerprint, type ReviewerKeys } from '../signing/reviewer-keys'

interface DecisionRow {
  seq: number
  id: string
  case_pk: number
  record: string
  record_hash: string
  jws: string | null
}

/**
 * The workstation's audit trail: the decision log with each record's signature and chain link
 * checked, exported as JSON Lines for anyone to verify offline (npm run verify-audit).
 */
export class AuditTrail {
  private readonly statements

  constructor(
    db: Db,
    private readonly keys: ReviewerKeys,
    private readonly reviewer: string
  ) {
    this.statements = {
      all: db.prepare<[], DecisionRow>('SELECT seq, id, case_pk, record, record_hash, jws FROM decisions ORDER BY seq'),
      forCase: db.prepare<[number], DecisionRow>('SELECT seq, id, case_pk, record, record_hash, jws FROM decisions WHERE case_pk = ? ORDER BY seq'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM decisions'),
      page: db.prepare<[number, number], { seq: number; id: string; case_pk: number; case_id: string; title: string; outcome: string; decided_at: string; state: string | null }>(
        `SELECT d.seq, d.id, d.case_pk, c.id AS case_id, c.title, d.outcome, d.decided_at, o.state
         FROM decisions d JOIN cases c ON c.pk = d.case_pk LEFT JOIN outbox o ON o.decision_id = d.id
         ORDER BY d.seq DESC LIMIT ? OFFSET ?`
      ),
      caseInfo: db.prepare<[number], { id: string; title: string }>('SELECT id, title FROM cases WHERE pk = ?'),
      delivery: db.prepare<[string], { state: string }>('SELECT state FROM outbox WHERE decision_id = ?')
    }
  }

  page(offset: number, limit: number): AuditPage {
    return {
      total: this.statements.count.get()!.n,
      offset,
      items: this.statements.page.all(limit, offset).map((row) => ({
        seq: row.seq,
        decisionId: row.id,
        casePk: row.case_pk,
        caseId: row.case_id,
        caseTitle: row.title,
        outcome: row.outcome as AuditPage['items'][number]['outcome'],
        decidedAt: row.decided_at,
        delivery: row.state
      }))
    }
  }

  async caseHistory(casePk: number): Promise<CaseHistory> {
    const info = this.statements.caseInfo.get(casePk)
    if (!info) throw new AppError('not-found', `There is no case ${casePk}.`)
    const rows = this.statements.forCase.all(casePk)
    const entries = await Promise.all(
      rows.map(async (row) => ({
        record: JSON.parse(row.record) as DecisionRecord,
        recordHash: row.record_hash,
        signature: await this.signatureOf(row),
        delivery: this.statements.delivery.get(row.id)?.state ?? null
      }))
    )
    return { casePk, caseId: info.id, caseTitle: info.title, entries }
  }

  /** Checks every signature and chain link of the stored log. */
  async verifyChain(): Promise<ChainStatus> {
    const result = await verifyEntries(this.keys.publicKeys(), this.statements.all.all().map(toEntry), null)
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
    const rows = this.statements.all.all()
    const lines = [JSON.stringify(header), ...rows.map((row) => JSON.stringify(toEntry(row)))]
    writeFileSync(file, lines.join('\n') + '\n')
    return { file, count: rows.length }
  }

  private async signatureOf(row: DecisionRow): Promise<SignatureStatus> {
    if (!row.jws) return { status: 'unsigned', kid: null, fingerprint: null, detail: 'Recorded before decisions were signed.' }
    const result = await verifyEntries(this.keys.publicKeys(), [toEntry(row)], (JSON.parse(row.record) as DecisionRecord).prevHash)
    const kid = (JSON.parse(row.record) as DecisionRecord).keyId
    return result.ok
      ? { status: 'valid', kid, fingerprint: fingerprint(kid), detail: null }
      : { status: 'invalid', kid, fingerprint: kid ? fingerprint(kid) : null, detail: result.reason }
  }
}

function toEntry(row: DecisionRow): AuditEntry {
  return { type: 'decision', recordHash: row.record_hash, record: JSON.parse(row.record) as Record<string, unknown>, jws: row.jws ?? '' }
}
