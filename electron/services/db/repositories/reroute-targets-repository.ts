import { rerouteTargetListSchema, type RerouteTargets } from '../../../../shared/domain/reroute-target'
import type { Db } from '../connection'

interface RerouteTargetsRecord {
  targets: string
  unlisted: string | null
}

/** Each workspace's reroute targets as its backend last gave them (table `reroute_targets`, migration 0011). */
export class RerouteTargetsRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string], RerouteTargetsRecord>('SELECT targets, unlisted FROM reroute_targets WHERE workspace_id = ?'),
      save: db.prepare<[string, string, string | null, number]>(
        `INSERT INTO reroute_targets (workspace_id, targets, unlisted, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id) DO UPDATE SET targets = excluded.targets, unlisted = excluded.unlisted, updated_at = excluded.updated_at`
      )
    }
  }

  /**
   * The workspace's targets, or null when its backend has not given any yet (never synced since
   * this table was added), or the stored list no longer reads as one (it is left as it is).
   */
  get(workspaceId: string): RerouteTargets | null {
    const row = this.statements.get.get(workspaceId)
    if (!row) return null
    const targets = rerouteTargetListSchema.safeParse(JSON.parse(row.targets))
    return targets.success ? { targets: targets.data, unlisted: row.unlisted } : null
  }

  /** Replaces the workspace's targets; `now` in milliseconds since the epoch. */
  save(workspaceId: string, targets: RerouteTargets, now: number): void {
    this.statements.save.run(workspaceId, JSON.stringify(targets.targets), targets.unlisted, now)
  }
}
