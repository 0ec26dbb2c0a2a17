import type { Migration } from './migration'

/**
 * Claims on shared cases. `case_holds`: who holds a cached case and until when — a colleague
 * (learned from a backend's change feed or a refused claim) or this reviewer (a lease taken while
 * viewing, or a longer one for field work). `claim_events`: the conflicts claims avoided, for
 * insights. Times are milliseconds since the epoch, as elsewhere in the cache.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'case-holds',
  up: `
    CREATE TABLE case_holds (
      case_pk INTEGER PRIMARY KEY REFERENCES cases(pk),
      holder TEXT NOT NULL,
      mine INTEGER NOT NULL CHECK (mine IN (0, 1)),
      purpose TEXT NOT NULL CHECK (purpose IN ('colleague', 'viewing', 'checkout')),
      expires_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX case_holds_by_purpose ON case_holds (purpose, expires_at);

    CREATE TABLE claim_events (
      id INTEGER PRIMARY KEY,
      case_pk INTEGER NOT NULL REFERENCES cases(pk),
      kind TEXT NOT NULL CHECK (kind IN ('conflict-avoided')),
      holder TEXT NOT NULL,
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX claim_events_by_time ON claim_events (at);
  `
}
