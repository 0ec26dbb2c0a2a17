import type { Migration } from './migration'

/**
 * Sync: cases can be withdrawn or reassigned by their backend; workspaces can be removed from
 * Settings (their history stays); per-backend cursors; the decision outbox; quarantined cases.
 * SQLite cannot alter a CHECK constraint, so `cases` is rebuilt with its rows copied unchanged.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'sync',
  rebuildsReferencedTables: true,
  up: `
    CREATE TABLE cases_new (
      pk INTEGER PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'decided', 'withdrawn', 'reassigned')),
      due_at INTEGER NOT NULL,
      risk_rank INTEGER NOT NULL,
      priority_rank INTEGER NOT NULL,
      reversible INTEGER NOT NULL CHECK (reversible IN (0, 1)),
      audience TEXT NOT NULL,
      touches_money INTEGER NOT NULL CHECK (touches_money IN (0, 1)),
      touches_access INTEGER NOT NULL CHECK (touches_access IN (0, 1)),
      touches_legal INTEGER NOT NULL CHECK (touches_legal IN (0, 1)),
      body TEXT NOT NULL,
      content_hash TEXT NOT NULL,
      received_at TEXT NOT NULL,
      UNIQUE (workspace_id, id)
    ) STRICT;
    INSERT INTO cases_new SELECT * FROM cases;
    DROP INDEX cases_queue_order;
    DROP TABLE cases;
    ALTER TABLE cases_new RENAME TO cases;
    CREATE INDEX cases_queue_order ON cases (state, due_at, risk_rank DESC, priority_rank DESC, pk);

    ALTER TABLE workspaces ADD COLUMN removed_at TEXT;

    CREATE TABLE sync_cursors (
      workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
      cursor TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- A decision waits here until its backend has it. Rows change state; decisions never change.
    CREATE TABLE outbox (
      decision_id TEXT PRIMARY KEY REFERENCES decisions(id),
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      case_pk INTEGER NOT NULL REFERENCES cases(pk),
      envelope TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'conflict', 'rejected', 'discarded', 'redone', 'local', 'exported')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error TEXT,
      outcome_code TEXT,
      outcome_detail TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (state, workspace_id, next_attempt_at);

    CREATE TABLE quarantine (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      case_id TEXT NOT NULL,
      message TEXT NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, case_id)
    ) STRICT;
  `
}
