import type { Db } from '../connection'

export interface WorkspaceRow {
  id: string
  name: string
  kind: string
  isDemo: boolean
}

interface WorkspaceRecord {
  id: string
  name: string
  kind: string
  is_demo: number
}

const toRow = (row: WorkspaceRecord): WorkspaceRow => ({ id: row.id, name: row.name, kind: row.kind, isDemo: row.is_demo === 1 })

/** Workspaces: one per configured backend, and the demo. Statements prepared once (get is on the decision path). */
export class WorkspacesRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      list: db.prepare<[], WorkspaceRecord>('SELECT id, name, kind, is_demo FROM workspaces WHERE removed_at IS NULL ORDER BY is_demo, name'),
      get: db.prepare<[string], WorkspaceRecord>('SELECT id, name, kind, is_demo FROM workspaces WHERE id = ?'),
      markRemoved: db.prepare<[string, string]>('UPDATE workspaces SET removed_at = ? WHERE id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM workspaces'),
      restoreDemos: db.prepare('UPDATE workspaces SET removed_at = NULL WHERE is_demo = 1'),
      upsert: db.prepare<[string, string, string, number, string]>(
        `INSERT INTO workspaces (id, name, kind, is_demo, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, removed_at = NULL`
      )
    }
  }

  list(): WorkspaceRow[] {
    return this.statements.list.all().map(toRow)
  }

  get(id: string): WorkspaceRow | undefined {
    const row = this.statements.get.get(id)
    return row && toRow(row)
  }

  /** Hides a workspace and its cases; its decisions and their history stay. */
  markRemoved(id: string, now: string): void {
    this.statements.markRemoved.run(now, id)
  }

  /** Brings the demo workspace (and its cases, as they were) back into the queue. */
  restoreDemos(): void {
    this.statements.restoreDemos.run()
  }

  count(): number {
    return this.statements.count.get()!.n
  }

  /** Creates the workspace, or renames (and un-removes) it if it exists; its cases and decisions stay. */
  upsert(workspace: WorkspaceRow, now: string): void {
    this.statements.upsert.run(workspace.id, workspace.name, workspace.kind, workspace.isDemo ? 1 : 0, now)
  }
}
