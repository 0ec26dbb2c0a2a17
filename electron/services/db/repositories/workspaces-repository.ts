import type { Db } from '../connection'

export interface WorkspaceRow {
  id: string
  name: string
  kind: string
  isDemo: boolean
}

export class WorkspacesRepository {
  constructor(private readonly db: Db) {}

  list(): WorkspaceRow[] {
    return this.db
      .prepare<[], { id: string; name: string; kind: string; is_demo: number }>(
        'SELECT id, name, kind, is_demo FROM workspaces WHERE removed_at IS NULL ORDER BY is_demo, name'
      )
      .all()
      .map((row) => ({ id: row.id, name: row.name, kind: row.kind, isDemo: row.is_demo === 1 }))
  }

  get(id: string): WorkspaceRow | undefined {
    const row = this.db
      .prepare<[string], { id: string; name: string; kind: string; is_demo: number }>('SELECT id, name, kind, is_demo FROM workspaces WHERE id = ?')
      .get(id)
    return row && { id: row.id, name: row.name, kind: row.kind, isDemo: row.is_demo === 1 }
  }

  /** Hides a workspace and its cases; its decisions and their history stay. */
  markRemoved(id: string, now: string): void {
    this.db.prepare('UPDATE workspaces SET removed_at = ? WHERE id = ?').run(now, id)
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM workspaces').get()!.n
  }

  /** Creates the workspace, or renames (and un-removes) it if it exists; its cases and decisions stay. */
  upsert(workspace: WorkspaceRow, now: string): void {
    this.db
      .prepare(
        `INSERT INTO workspaces (id, name, kind, is_demo, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, removed_at = NULL`
      )
      .run(workspace.id, workspace.name, workspace.kind, workspace.isDemo ? 1 : 0, now)
  }
}
