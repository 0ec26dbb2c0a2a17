import type { Migration } from './migration'

/**
 * Deferrals, needs-info and undo: a case can be snoozed (until a time, or until its backend
 * revises it); a decision still in the outbox can be retracted; preferences (the keymap) persist.
 * `outbox` is rebuilt to allow the `retracted` state, rows copied unchanged.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'review-outcomes',
  rebuildsReferencedTables: true,
  up: `
    ALTER TABLE cases ADD COLUMN snoozed_until INTEGER;

    CREATE TABLE outbox_new (
      decision_id TEXT PRIMARY KEY REFERENCES decisions(id),
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      case_pk INTEGER NOT NULL REFERENCES cases(pk),
      envelope TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'conflict', 'rejected', 'discarded', 'redone', 'local', 'exported', 'retracted')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error TEXT,
      outcome_code TEXT,
      outcome_detail TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO outbox_new SELECT * FROM outbox;
    DROP INDEX outbox_due;
    DROP TABLE outbox;
    ALTER TABLE outbox_new RENAME TO outbox;
    CREATE INDEX outbox_due ON outbox (state, workspace_id, next_attempt_at);

    CREATE TABLE preferences (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `
}
