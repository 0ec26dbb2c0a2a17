import type { Migration } from './migration'

/**
 * The pusher takes the due decisions in the order they were made. With `created_at` outside the
 * index, SQLite sorted every due row (envelopes included) for each batch of 500: after days
 * offline, when every row is due at once, a 10,000-decision backlog was read and sorted 20 times.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'outbox-send-order',
  up: `
    DROP INDEX outbox_due;
    CREATE INDEX outbox_due ON outbox (state, workspace_id, next_attempt_at, created_at);
  `
}
