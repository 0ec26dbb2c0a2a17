import type { Db } from '../connection'

/** Small reviewer preferences (the keymap), as JSON values by key. */
export class PreferencesRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM preferences WHERE key = ?'),
      set: db.prepare('INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    }
  }

  get<T>(key: string, fallback: T): T {
    const row = this.statements.get.get(key)
    return row ? (JSON.parse(row.value) as T) : fallback
  }

  set(key: string, value: unknown): void {
    this.statements.set.run(key, JSON.stringify(value))
  }
}
