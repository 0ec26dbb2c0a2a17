import type { PublicKeyEntry } from '../../../../shared/audit/audit-log'
import type { Db } from '../connection'

interface SigningKeyRow {
  kid: string
  public_jwk: string
  created_at: string
  retired_at: string | null
}

/**
 * The public halves of the reviewer's signing keys (migration 0004): one active key per reviewer,
 * retired ones kept so every decision ever signed stays verifiable. Times are ISO 8601.
 */
export class SigningKeysRepository {
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      active: db.prepare<[string], { kid: string; public_jwk: string }>('SELECT kid, public_jwk FROM signing_keys WHERE reviewer = ? AND retired_at IS NULL'),
      all: db.prepare<[], SigningKeyRow>('SELECT kid, public_jwk, created_at, retired_at FROM signing_keys ORDER BY created_at'),
      add: db.prepare<[string, string, string, string]>('INSERT INTO signing_keys (kid, reviewer, public_jwk, created_at) VALUES (?, ?, ?, ?)'),
      retire: db.prepare<[string, string]>('UPDATE signing_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL')
    }
  }

  /** The reviewer's key in use, if one was made. */
  active(reviewer: string): { kid: string; publicJwk: PublicKeyEntry['jwk'] } | undefined {
    const row = this.statements.active.get(reviewer)
    return row && { kid: row.kid, publicJwk: JSON.parse(row.public_jwk) as PublicKeyEntry['jwk'] }
  }

  /** Every key, oldest first, as the audit log's header lists them. */
  all(): PublicKeyEntry[] {
    return this.statements.all.all().map((row) => ({
      kid: row.kid,
      jwk: JSON.parse(row.public_jwk) as PublicKeyEntry['jwk'],
      createdAt: row.created_at,
      retiredAt: row.retired_at
    }))
  }

  add(kid: string, reviewer: string, publicJwk: PublicKeyEntry['jwk'], createdAt: string): void {
    this.statements.add.run(kid, reviewer, JSON.stringify(publicJwk), createdAt)
  }

  /** Retires a key (it signs nothing new); a key already retired keeps its first retirement time. */
  retire(kid: string, at: string): void {
    this.statements.retire.run(at, kid)
  }
}
