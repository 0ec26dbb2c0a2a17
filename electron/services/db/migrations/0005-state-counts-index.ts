import type { Migration } from './migration'

/**
 * Counting pending and decided cases per workspace from an index, not a table scan: the counts
 * are refreshed after every decision, so they sit on the keystroke-to-stored path.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'state-counts-index',
  up: `CREATE INDEX cases_by_state_workspace ON cases (state, workspace_id);`
}
