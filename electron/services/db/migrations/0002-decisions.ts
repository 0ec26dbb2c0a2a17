import type { Migration } from './migration'

/**
 * The local decision log. Records are append-only (PRODUCT.md: corrections are new records), and
 * the triggers make that a property of the database rather than a convention of the code.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'decisions',
  up: `
    CREATE TABLE decisions (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      case_pk INTEGER NOT NULL REFERENCES cases(pk),
      outcome TEXT NOT NULL,
      decided_at TEXT NOT NULL,
      record TEXT NOT NULL,
      record_hash TEXT NOT NULL UNIQUE,
      prev_hash TEXT
    ) STRICT;

    CREATE INDEX decisions_by_case ON decisions (case_pk, seq);

    CREATE TRIGGER decisions_are_never_updated BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decision records are append-only'); END;

    CREATE TRIGGER decisions_are_never_deleted BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decision records are append-only'); END;
  `
}
