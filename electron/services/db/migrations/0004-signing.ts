import type { Migration } from './migration'

/**
 * Signed decisions: the reviewer's public keys (private halves live only in the OS keychain),
 * which backends have which key registered, and each decision's JWS.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'signing',
  up: `
    CREATE TABLE signing_keys (
      kid TEXT PRIMARY KEY,
      reviewer TEXT NOT NULL,
      public_jwk TEXT NOT NULL,
      created_at TEXT NOT NULL,
      retired_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (reviewer) WHERE retired_at IS NULL;

    CREATE TABLE key_registrations (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      kid TEXT NOT NULL REFERENCES signing_keys(kid),
      registered_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, kid)
    ) STRICT;

    ALTER TABLE decisions ADD COLUMN jws TEXT;
  `
}
