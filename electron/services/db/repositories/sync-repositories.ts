import type { Db } from '../connection'

/** Where each backend's change feed was read up to. */
export class CursorsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string], { cursor: string }>('SELECT cursor FROM sync_cursors WHERE workspace_id = ?'),
      set: db.prepare(
        `INSERT INTO sync_cursors (workspace_id, cursor, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (workspace_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`
      )
    }
  }

  get(workspaceId: string): string | null {
    return this.statements.get.get(workspaceId)?.cursor ?? null
  }

  set(workspaceId: string, cursor: string, now: string): void {
    this.statements.set.run(workspaceId, cursor, now)
  }
}

export interface QuarantinedCase {
  workspaceId: string
  caseId: string
  message: string
  receivedAt: string
}

/**
 * Cases a backend sent that were not stored, shown with the reason: a case that failed its schema,
 * or one whose content changed without a higher revision (the copy cached before stays).
 */
export class QuarantineRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      put: db.prepare(
        `INSERT INTO quarantine (workspace_id, case_id, message, received_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id, case_id) DO UPDATE SET message = excluded.message, received_at = excluded.received_at`
      ),
      release: db.prepare('DELETE FROM quarantine WHERE workspace_id = ? AND case_id = ?'),
      list: db.prepare<[], { workspace_id: string; case_id: string; message: string; received_at: string }>(
        'SELECT workspace_id, case_id, message, received_at FROM quarantine ORDER BY received_at DESC'
      ),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM quarantine WHERE workspace_id = ?'),
      ids: db.prepare<[string], { case_id: string }>('SELECT case_id FROM quarantine WHERE workspace_id = ?')
    }
  }

  put(workspaceId: string, caseId: string, message: string, now: string): void {
    this.statements.put.run(workspaceId, caseId, message, now)
  }

  release(workspaceId: string, caseId: string): void {
    this.statements.release.run(workspaceId, caseId)
  }

  list(): QuarantinedCase[] {
    return this.statements.list.all().map((row) => ({
      workspaceId: row.workspace_id,
      caseId: row.case_id,
      message: row.message,
      receivedAt: row.received_at
    }))
  }

  caseIds(workspaceId: string): Set<string> {
    return new Set(this.statements.ids.all(workspaceId).map((row) => row.case_id))
  }

  count(workspaceId: string): number {
    return this.statements.count.get(workspaceId)!.n
  }
}

/** Which signing keys each backend has been given. */
export class KeyRegistrationsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      has: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM key_registrations WHERE workspace_id = ? AND kid = ?'),
      add: db.prepare('INSERT OR IGNORE INTO key_registrations (workspace_id, kid, registered_at) VALUES (?, ?, ?)')
    }
  }

  has(workspaceId: string, kid: string): boolean {
    return this.statements.has.get(workspaceId, kid) !== undefined
  }

  add(workspaceId: string, kid: string, now: string): void {
    this.statements.add.run(workspaceId, kid, now)
  }
}
