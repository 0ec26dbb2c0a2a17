import type { Db } from '../connection'

/** Why a hold exists: a colleague's claim, or this reviewer's (while viewing, or for field work). */
export type HoldPurpose = 'colleague' | 'viewing' | 'checkout'

export interface StoredHold {
  casePk: number
  caseId: string
  workspaceId: string
  holder: string
  mine: boolean
  purpose: HoldPurpose
  /** Milliseconds since the epoch. */
  expiresAt: number
}

interface HoldRecord {
  case_pk: number
  id: string
  workspace_id: string
  holder: string
  mine: number
  purpose: HoldPurpose
  expires_at: number
}

const toHold = (row: HoldRecord): StoredHold => ({
  casePk: row.case_pk,
  caseId: row.id,
  workspaceId: row.workspace_id,
  holder: row.holder,
  mine: row.mine === 1,
  purpose: row.purpose,
  expiresAt: row.expires_at
})

const SELECT_HOLDS = `SELECT h.case_pk, c.id, c.workspace_id, h.holder, h.mine, h.purpose, h.expires_at
  FROM case_holds h JOIN cases c ON c.pk = h.case_pk`

/** Claims on cached cases (migration 0010), and the conflicts they avoided. Times in ms. */
export class HoldsRepository {
  private readonly statements

  constructor(private readonly db: Db) {
    this.statements = {
      pk: db.prepare<[string, string], { pk: number }>('SELECT pk FROM cases WHERE workspace_id = ? AND id = ?'),
      pending: db.prepare<[string], { pk: number; id: string }>(`SELECT pk, id FROM cases WHERE pk IN (SELECT value FROM json_each(?)) AND state = 'pending' ORDER BY pk`),
      workspace: db.prepare<[number], { workspace_id: string }>('SELECT workspace_id FROM cases WHERE pk = ?'),
      put: db.prepare(
        `INSERT INTO case_holds (case_pk, holder, mine, purpose, expires_at, updated_at) VALUES (@casePk, @holder, @mine, @purpose, @expiresAt, @now)
         ON CONFLICT (case_pk) DO UPDATE SET holder = excluded.holder, mine = excluded.mine, purpose = excluded.purpose,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`
      ),
      // A feed's word on this reviewer's own lease moves its end, never its purpose.
      extendMine: db.prepare<[number, number, number]>('UPDATE case_holds SET expires_at = ?, updated_at = ? WHERE case_pk = ? AND mine = 1'),
      remove: db.prepare<[number]>('DELETE FROM case_holds WHERE case_pk = ?'),
      removeMine: db.prepare<[number, string]>('DELETE FROM case_holds WHERE case_pk = ? AND mine = 1 AND purpose = ?'),
      get: db.prepare<[number], HoldRecord>(`${SELECT_HOLDS} WHERE h.case_pk = ?`),
      active: db.prepare<[number], HoldRecord>(`${SELECT_HOLDS} WHERE h.expires_at > ? AND c.state = 'pending' ORDER BY h.case_pk`),
      byPurpose: db.prepare<[string], HoldRecord>(`${SELECT_HOLDS} WHERE h.purpose = ? ORDER BY h.case_pk`),
      avoided: db.prepare('INSERT INTO claim_events (case_pk, kind, holder, at) VALUES (?, ?, ?, ?)')
    }
  }

  pkOf(workspaceId: string, caseId: string): number | undefined {
    return this.statements.pk.get(workspaceId, caseId)?.pk
  }

  /** Which of these cases are pending, with their ids. */
  pendingCases(casePks: readonly number[]): { casePk: number; caseId: string }[] {
    return this.statements.pending.all(JSON.stringify(casePks)).map((row) => ({ casePk: row.pk, caseId: row.id }))
  }

  workspaceOf(casePk: number): string {
    return this.statements.workspace.get(casePk)!.workspace_id
  }

  get(casePk: number): StoredHold | undefined {
    const row = this.statements.get.get(casePk)
    return row && toHold(row)
  }

  /**
   * A backend's lease change for a cached case (`expiresAt` null: released). Returns the case's
   * pk, or undefined when the case is not cached.
   */
  applyChange(workspaceId: string, caseId: string, change: { holder: string | null; expiresAt: number | null; yours: boolean }, now: number): number | undefined {
    const casePk = this.pkOf(workspaceId, caseId)
    if (casePk === undefined) return undefined
    const current = this.get(casePk)
    if (change.yours) {
      if (change.expiresAt !== null) this.statements.extendMine.run(change.expiresAt, now, casePk)
      return casePk
    }
    // The feed runs behind this reviewer's own claims: while one stands, older news of others is stale.
    if (current?.mine && current.expiresAt > now) return casePk
    if (change.holder === null || change.expiresAt === null) this.statements.remove.run(casePk)
    else this.put({ casePk, holder: change.holder, mine: false, purpose: 'colleague', expiresAt: change.expiresAt }, now)
    return casePk
  }

  put(hold: { casePk: number; holder: string; mine: boolean; purpose: HoldPurpose; expiresAt: number }, now: number): void {
    this.statements.put.run({ ...hold, mine: hold.mine ? 1 : 0, now })
  }

  remove(casePk: number): void {
    this.statements.remove.run(casePk)
  }

  /** Drops this reviewer's holds of one purpose on these cases (their leases were released). */
  removeMine(casePks: readonly number[], purpose: HoldPurpose): void {
    this.db.transaction(() => casePks.forEach((casePk) => this.statements.removeMine.run(casePk, purpose)))()
  }

  /** Unexpired holds on pending cases. */
  active(now: number): StoredHold[] {
    return this.statements.active.all(now).map(toHold)
  }

  withPurpose(purpose: HoldPurpose): StoredHold[] {
    return this.statements.byPurpose.all(purpose).map(toHold)
  }

  /** The reviewer was told a colleague holds a case, instead of deciding it twice. */
  recordConflictAvoided(casePk: number, holder: string, at: number): void {
    this.statements.avoided.run(casePk, 'conflict-avoided', holder, at)
  }
}
