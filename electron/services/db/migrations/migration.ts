export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; versions are consecutive from 1. */
  version: number
  name: string
  /** SQL run inside the migration's transaction. */
  up: string
  /**
   * For migrations that rebuild a table other tables reference: foreign keys are switched off
   * around the transaction (SQLite's documented procedure) and checked before it commits.
   */
  rebuildsReferencedTables?: boolean
}
