import type { Migration } from './migration'

/**
 * Each workspace's reroute targets as its backend last gave them, cached for offline review:
 * `targets` is the JSON list (`[{id, label, description?}]`, read back through its zod schema),
 * `unlisted` why the backend gives no list at all (NULL when it gave one, maybe empty).
 * Times are milliseconds since the epoch, as elsewhere in the cache.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'reroute-targets',
  up: `
    CREATE TABLE reroute_targets (
      workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
      targets TEXT NOT NULL CHECK (json_valid(targets) AND json_type(targets) = 'array'),
      unlisted TEXT,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `
}
