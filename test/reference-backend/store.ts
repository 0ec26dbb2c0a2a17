import Database from 'better-sqlite3'
import { createHash, randomUUID } from 'node:crypto'
import type { CaseChange, DecisionEnvelope, PushItemResult } from '../../shared/review-api/protocol'
import type { Case } from '../../shared/domain/case'
import { parseStoredJson, stringifyJson } from '../../shared/json/exact-json'

/**
 * The reference backend's own database: cases with an assignee, a change log that the pull feed
 * pages through, decisions received, reviewers' public keys and leases.
 */
export interface StoredDecision {
  id: string
  caseId: string
  reviewer: string
  envelope: DecisionEnvelope
  result: PushItemResult
  receivedAt: string
}

/** Why a decision is refused before it is applied (a bad signature…), or null to apply it. */
export type Refusal = { code: string; detail: string } | null

export class ReferenceStore {
  readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()

  /** Team name → its members: a case assigned to a team reaches each member's feed. */
  private readonly teams: Record<string, readonly string[]>

  constructor(file: string, teams: Record<string, readonly string[]> = {}) {
    this.teams = teams
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS cases (
        id TEXT PRIMARY KEY, revision INTEGER NOT NULL, assignee TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'withdrawn', 'decided')), body TEXT NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('case', 'withdrawn', 'reassigned', 'lease')),
        assignee TEXT NOT NULL, previous_assignee TEXT,
        -- lease changes only: who holds the case (null once released) and until when (ms)
        holder TEXT, expires_at INTEGER
      ) STRICT;
      CREATE INDEX IF NOT EXISTS changes_by_assignee ON changes (assignee, seq);
      CREATE INDEX IF NOT EXISTS changes_by_previous ON changes (previous_assignee, seq);
      CREATE TABLE IF NOT EXISTS decisions (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL, reviewer TEXT NOT NULL, envelope TEXT NOT NULL,
        content_hash TEXT NOT NULL, result TEXT NOT NULL, received_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS reviewer_keys (
        reviewer TEXT NOT NULL, kid TEXT NOT NULL, jwk TEXT NOT NULL, registered_at TEXT NOT NULL,
        PRIMARY KEY (reviewer, kid)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS leases (
        case_id TEXT PRIMARY KEY, lease_id TEXT NOT NULL, holder TEXT NOT NULL, expires_at INTEGER NOT NULL
      ) STRICT;
    `)
  }

  close(): void {
    this.db.close()
  }

  /** Each SQL text prepared once: preparing costs more than running these small statements. */
  private sql<P extends unknown[] = unknown[], R = unknown>(text: string): Database.Statement<P, R> {
    let statement = this.statements.get(text)
    if (!statement) {
      statement = this.db.prepare(text)
      this.statements.set(text, statement)
    }
    return statement as Database.Statement<P, R>
  }

  /**
   * Adds cases (or new versions of them) assigned to `assignee`; each becomes a change. Like a real
   * case service, a case whose content changes gets a higher revision: the one given if it is
   * higher than the stored one, else the stored one plus one; content as stored keeps its revision.
   */
  putCases(cases: readonly Case[], assignee: string): void {
    const current = this.sql<[string], { revision: number; body: string }>('SELECT revision, body FROM cases WHERE id = ?')
    const upsert = this.sql(
      `INSERT INTO cases (id, revision, assignee, state, body) VALUES (?, ?, ?, 'open', ?)
       ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, assignee = excluded.assignee, state = 'open', body = excluded.body`
    )
    const change = this.sql(`INSERT INTO changes (case_id, type, assignee) VALUES (?, 'case', ?)`)
    this.db.transaction(() => {
      for (const reviewCase of cases) {
        const body = { ...reviewCase, ownership: { ...reviewCase.ownership, assignee } }
        const stored = current.get(reviewCase.id)
        const revision = stored ? nextRevision(stored, body) : reviewCase.revision
        upsert.run(reviewCase.id, revision, assignee, stringifyJson({ ...body, revision }))
        change.run(reviewCase.id, assignee)
      }
    })()
  }

  /** Stores a raw case body as is, valid or not: for testing what clients do with bad data. */
  putRawCase(id: string, body: unknown, assignee: string): void {
    this.db.transaction(() => {
      this
        .sql(
          `INSERT INTO cases (id, revision, assignee, state, body) VALUES (?, 1, ?, 'open', ?)
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, assignee = excluded.assignee`
        )
        .run(id, assignee, stringifyJson(body))
      this.sql(`INSERT INTO changes (case_id, type, assignee) VALUES (?, 'case', ?)`).run(id, assignee)
    })()
  }

  getCase(id: string): { case: Case; revision: number; assignee: string; state: string } | undefined {
    const row = this
      .sql<[string], { body: string; revision: number; assignee: string; state: string }>('SELECT body, revision, assignee, state FROM cases WHERE id = ?')
      .get(id)
    return row && { case: parseStoredJson(row.body) as Case, revision: row.revision, assignee: row.assignee, state: row.state }
  }

  /** A new revision of a case, with `edit` applied to its body. */
  revise(id: string, edit: (reviewCase: Case) => Case = (c) => c): void {
    const current = this.getCase(id)
    if (!current) throw new Error(`no case ${id}`)
    const next = edit({ ...current.case, revision: current.revision + 1 })
    this.putCases([{ ...next, revision: current.revision + 1 }], current.assignee)
  }

  /**
   * Misbehaves on purpose, for tests of what clients do with it: sends a case with `edit` applied
   * to its content under `revision` (the stored one by default, or an older one), without raising it.
   */
  rewriteWithoutRevision(id: string, edit: (reviewCase: Case) => Case, revision?: number): void {
    const current = this.getCase(id)
    if (!current) throw new Error(`no case ${id}`)
    const at = revision ?? current.revision
    const body = { ...edit(current.case), revision: at }
    this.db.transaction(() => {
      this.sql('UPDATE cases SET revision = ?, body = ? WHERE id = ?').run(at, stringifyJson(body), id)
      this.sql(`INSERT INTO changes (case_id, type, assignee) VALUES (?, 'case', ?)`).run(id, current.assignee)
    })()
  }

  withdraw(id: string): void {
    const current = this.getCase(id)
    if (!current) throw new Error(`no case ${id}`)
    this.db.transaction(() => {
      this.sql(`UPDATE cases SET state = 'withdrawn' WHERE id = ?`).run(id)
      this.sql(`INSERT INTO changes (case_id, type, assignee) VALUES (?, 'withdrawn', ?)`).run(id, current.assignee)
    })()
  }

  /** Hands a case to `to`; its assignee is part of its content, so it gets a new revision. */
  reassign(id: string, to: string): void {
    const current = this.getCase(id)
    if (!current) throw new Error(`no case ${id}`)
    const revision = current.revision + 1
    const body = { ...current.case, revision, ownership: { ...current.case.ownership, assignee: to } }
    this.db.transaction(() => {
      this.sql('UPDATE cases SET assignee = ?, revision = ?, body = ? WHERE id = ?').run(to, revision, stringifyJson(body), id)
      this
        .sql(`INSERT INTO changes (case_id, type, assignee, previous_assignee) VALUES (?, 'reassigned', ?, ?)`)
        .run(id, to, current.assignee)
    })()
  }

  /** The reviewer and the teams they belong to: whose cases reach their feed. */
  private audiencesOf(reviewer: string): string[] {
    return [reviewer, ...Object.keys(this.teams).filter((team) => this.teams[team]!.includes(reviewer))]
  }

  /** Whether `reviewer` may decide a case assigned to `assignee` (theirs, or their team's). */
  private mayDecide(reviewer: string, assignee: string): boolean {
    return assignee === reviewer || (this.teams[assignee]?.includes(reviewer) ?? false)
  }

  /**
   * The change feed for one reviewer, after `cursor` (a change sequence number): changes to cases
   * assigned to them or to a team of theirs; lease changes only when `withLeases` (protocol 1.1).
   */
  changesFor(reviewer: string, cursor: number, limit: number, withLeases = false): { changes: CaseChange[]; lastSeq: number; hasMore: boolean } {
    const rows = this
      .sql<
        [number, string, string, number, number],
        { seq: number; case_id: string; type: string; assignee: string; previous_assignee: string | null; holder: string | null; expires_at: number | null }
      >(
        `SELECT seq, case_id, type, assignee, previous_assignee, holder, expires_at FROM changes
         WHERE seq > ? AND (assignee IN (SELECT value FROM json_each(?)) OR previous_assignee = ?) AND (? OR type != 'lease')
         ORDER BY seq LIMIT ?`
      )
      .all(cursor, JSON.stringify(this.audiencesOf(reviewer)), reviewer, withLeases ? 1 : 0, limit + 1)
    const page = rows.slice(0, limit)
    const body = this.sql<[string], { body: string }>('SELECT body FROM cases WHERE id = ?')
    const changes = page.map((row): CaseChange => {
      if (row.type === 'withdrawn') return { type: 'withdrawn', caseId: row.case_id }
      if (row.type === 'lease') {
        return {
          type: 'lease',
          caseId: row.case_id,
          holder: row.holder,
          expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
          yours: row.holder === reviewer
        }
      }
      if (row.type === 'reassigned' && row.previous_assignee === reviewer && row.assignee !== reviewer) {
        return { type: 'reassigned', caseId: row.case_id, assignee: row.assignee }
      }
      return { type: 'case', case: parseStoredJson(body.get(row.case_id)!.body) }
    })
    return { changes, lastSeq: page.at(-1)?.seq ?? cursor, hasMore: rows.length > limit }
  }

  /** Applies one pushed decision: idempotent by id, refused when the case moved on. */
  applyDecision(reviewer: string, envelope: DecisionEnvelope, refusal: Refusal): PushItemResult {
    const contentHash = createHash('sha256').update(stringifyJson([envelope.record, envelope.jws ?? null])).digest('hex')
    return this.db.transaction((): PushItemResult => {
      const previous = this
        .sql<[string], { content_hash: string; result: string }>('SELECT content_hash, result FROM decisions WHERE id = ?')
        .get(envelope.id)
      if (previous) {
        if (previous.content_hash !== contentHash) {
          return { decisionId: envelope.id, status: 'rejected', code: 'id-reused', detail: 'This decision id was already used for different content.' }
        }
        const result = JSON.parse(previous.result) as PushItemResult
        return result.status === 'accepted' ? { decisionId: envelope.id, status: 'duplicate' } : result
      }
      const result = this.judge(reviewer, envelope, refusal)
      this
        .sql('INSERT INTO decisions (id, case_id, reviewer, envelope, content_hash, result, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(envelope.id, envelope.caseId, reviewer, stringifyJson(envelope), contentHash, JSON.stringify(result), new Date().toISOString())
      if (result.status === 'accepted') this.apply(envelope, reviewer)
      return result
    })()
  }

  /**
   * What an accepted decision does: a reroute hands the case on, a take-over brings it to the
   * reviewer who sent it, a deferral or question keeps it open; anything else closes it.
   */
  private apply(envelope: DecisionEnvelope, reviewer: string): void {
    const record = envelope.record as { outcome?: string; rerouteTo?: string | null }
    if (record.outcome === 'reroute' && record.rerouteTo) return this.reassign(envelope.caseId, record.rerouteTo)
    if (record.outcome === 'take-over') return this.reassign(envelope.caseId, reviewer)
    if (record.outcome === 'defer' || record.outcome === 'needs-info') return
    this.sql(`UPDATE cases SET state = 'decided' WHERE id = ?`).run(envelope.caseId)
    // A decided case needs no claim; and a team's other members learn it needs no decision.
    this.releaseLease(envelope.caseId, reviewer)
    const assignee = this.getCase(envelope.caseId)!.assignee
    if (assignee in this.teams) this.sql(`INSERT INTO changes (case_id, type, assignee) VALUES (?, 'withdrawn', ?)`).run(envelope.caseId, assignee)
  }

  private judge(reviewer: string, envelope: DecisionEnvelope, refusal: Refusal): PushItemResult {
    if (refusal) return { decisionId: envelope.id, status: 'rejected', ...refusal }
    // Only the case's standing is needed, not its body: a push judges hundreds at a time.
    const current = this
      .sql<[string], { revision: number; assignee: string; state: string }>('SELECT revision, assignee, state FROM cases WHERE id = ?')
      .get(envelope.caseId)
    const conflict = (reason: 'withdrawn' | 'reassigned' | 'revised' | 'already-decided', detail: string): PushItemResult => ({
      decisionId: envelope.id,
      status: 'conflict',
      reason,
      detail
    })
    if (!current || current.state === 'withdrawn') return conflict('withdrawn', 'The case was withdrawn.')
    const takeOver = (envelope.record as { outcome?: string }).outcome === 'take-over'
    if (!this.mayDecide(reviewer, current.assignee) && !takeOver) return conflict('reassigned', `The case was reassigned to ${current.assignee}.`)
    if (current.state === 'decided') return conflict('already-decided', 'The case was already decided.')
    if (current.revision !== envelope.caseRevision) {
      return conflict('revised', `The case is at revision ${current.revision}; the decision was made on ${envelope.caseRevision}.`)
    }
    return { decisionId: envelope.id, status: 'accepted' }
  }

  decisions(): StoredDecision[] {
    return this
      .sql<[], { id: string; case_id: string; reviewer: string; envelope: string; result: string; received_at: string }>(
        'SELECT id, case_id, reviewer, envelope, result, received_at FROM decisions ORDER BY rowid'
      )
      .all()
      .map((row) => ({
        id: row.id,
        caseId: row.case_id,
        reviewer: row.reviewer,
        envelope: parseStoredJson(row.envelope) as DecisionEnvelope,
        result: JSON.parse(row.result) as PushItemResult,
        receivedAt: row.received_at
      }))
  }

  registerKey(reviewer: string, kid: string, jwk: unknown): void {
    this
      .sql('INSERT INTO reviewer_keys (reviewer, kid, jwk, registered_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET jwk = excluded.jwk')
      .run(reviewer, kid, JSON.stringify(jwk), new Date().toISOString())
  }

  reviewerKey(reviewer: string, kid: string): unknown {
    const row = this.sql<[string, string], { jwk: string }>('SELECT jwk FROM reviewer_keys WHERE reviewer = ? AND kid = ?').get(reviewer, kid)
    return row ? (JSON.parse(row.jwk) as unknown) : undefined
  }

  /**
   * Claims an open case for `holder` for `ttlSeconds` from `now` (ms); renews the holder's own
   * lease; refuses while someone else holds an unexpired one. Each grant is a lease change.
   */
  lease(caseId: string, holder: string, ttlSeconds: number, now: number): { leaseId: string; expiresAt: number } | { heldBy: string; expiresAt: number } | { notFound: true } {
    return this.db.transaction(() => {
      const open = this.sql<[string], { assignee: string }>(`SELECT assignee FROM cases WHERE id = ? AND state = 'open'`).get(caseId)
      if (!open) return { notFound: true as const }
      const current = this.sql<[string], { holder: string; expires_at: number }>('SELECT holder, expires_at FROM leases WHERE case_id = ?').get(caseId)
      if (current && current.holder !== holder && current.expires_at > now) return { heldBy: current.holder, expiresAt: current.expires_at }
      const lease = { leaseId: randomUUID(), expiresAt: now + ttlSeconds * 1000 }
      this
        .sql('INSERT INTO leases (case_id, lease_id, holder, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET lease_id = excluded.lease_id, holder = excluded.holder, expires_at = excluded.expires_at')
        .run(caseId, lease.leaseId, holder, lease.expiresAt)
      this.leaseChange(caseId, open.assignee, holder, lease.expiresAt)
      return lease
    })()
  }

  /** Releases `holder`'s lease on a case; false if they held none. */
  releaseLease(caseId: string, holder: string): boolean {
    const released = this.sql('DELETE FROM leases WHERE case_id = ? AND holder = ?').run(caseId, holder).changes > 0
    if (released) this.leaseChange(caseId, this.getCase(caseId)!.assignee, null, null)
    return released
  }

  /** Who holds a case's lease now (`now` in ms), if anyone. */
  leaseOf(caseId: string, now: number): { holder: string; expiresAt: number } | undefined {
    const row = this.sql<[string, number], { holder: string; expires_at: number }>('SELECT holder, expires_at FROM leases WHERE case_id = ? AND expires_at > ?').get(caseId, now)
    return row && { holder: row.holder, expiresAt: row.expires_at }
  }

  private leaseChange(caseId: string, assignee: string, holder: string | null, expiresAt: number | null): void {
    this.sql(`INSERT INTO changes (case_id, type, assignee, holder, expires_at) VALUES (?, 'lease', ?, ?, ?)`).run(caseId, assignee, holder, expiresAt)
  }
}

/**
 * The revision a case's new version gets: the one it carries if higher than the stored one;
 * otherwise the stored one if the content is the same, or the stored one plus one if it changed.
 */
function nextRevision(stored: { revision: number; body: string }, next: Case): number {
  if (next.revision > stored.revision) return next.revision
  return stringifyJson({ ...next, revision: stored.revision }) === stored.body ? stored.revision : stored.revision + 1
}
