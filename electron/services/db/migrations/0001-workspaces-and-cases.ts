import type { Migration } from './migration'

/** Workspaces (one per configured backend, or the demo) and the cases cached from them. */
export const migration0001: Migration = {
  version: 1,
  name: 'workspaces-and-cases',
  up: `
    CREATE TABLE workspaces (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE cases (
      pk INTEGER PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'decided')),
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

    -- The queue's default order: due first, then riskier, then higher priority.
    CREATE INDEX cases_queue_order ON cases (state, due_at, risk_rank DESC, priority_rank DESC, pk);
  `
}
