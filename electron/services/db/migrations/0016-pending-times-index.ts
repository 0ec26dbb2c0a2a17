import type { Migration } from './migration'

/**
 * The queue header and the insights' age buckets read the due and creation times of every
 * pending case; with both in the pending-counts index they are answered from the index alone,
 * not from the wide case rows (measured on 10,000 cases: the header 13–20 ms → 1.7 ms).
 */
export const migration0016: Migration = {
  version: 16,
  name: 'pending-times-index',
  up: `
    DROP INDEX cases_by_state_workspace;
    CREATE INDEX cases_by_state_workspace ON cases (state, workspace_id, snoozed_until, due_at, created_at);
  `
}
