export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; versions are consecutive from 1. */
  version: number
  name: string
  /** SQL run inside the migration's transaction. */
  up: string
}
