import { randomUUID } from 'node:crypto'
import type { PreferencesRepository } from '../db/repositories/preferences-repository'
import type { SecretStore } from './secret-store'

/** The preference holding this cache's id (a random UUID made at its first run). */
const CACHE_ID = 'cache-id'
/** Set once tokens stored under the old account names have been copied to this cache's. */
const LEGACY_TOKENS_COPIED = 'legacy-tokens-copied'

/** The account name versions before the cache id used: one per backend id, shared by every cache. */
const legacyAccount = (backendId: string) => `backend:${backendId}:token`

/**
 * Backends' tokens (API keys, bearer tokens) in the keychain, one account per cache and backend:
 * `backend:<cache id>:<backend id>:token`. The cache id is a random UUID made at the cache's first
 * run and kept in its preferences, so two data directories with a backend of the same id (two
 * teams, a second profile) never read or overwrite each other's token, and a moved data directory
 * keeps its tokens.
 *
 * Tokens stored by earlier versions under `backend:<backend id>:token` are copied once to this
 * cache's accounts before any token is read, and left in place for other caches that have yet to
 * copy them. When the keychain fails or is out of reach while copying, the copy is tried again at
 * the next start.
 */
export class BackendTokens {
  private readonly cacheId: string
  private readonly copied: Promise<void>

  /**
   * @param backendIds the backends configured at start, whose old-style tokens are copied.
   * @param onCopyFailed told the keychain's error when the copy could not be made this run.
   */
  constructor(
    private readonly secrets: SecretStore,
    preferences: PreferencesRepository,
    backendIds: readonly string[],
    onCopyFailed: (error: Error) => void
  ) {
    let cacheId = preferences.get<string | null>(CACHE_ID, null)
    if (cacheId === null) {
      cacheId = randomUUID()
      preferences.set(CACHE_ID, cacheId)
    }
    this.cacheId = cacheId
    this.copied = preferences.get(LEGACY_TOKENS_COPIED, false)
      ? Promise.resolve()
      : this.copyLegacyTokens(backendIds)
          .then(() => {
            // Held in memory this run (no keychain answered), the old tokens were out of reach.
            if (secrets.storage === 'keychain') preferences.set(LEGACY_TOKENS_COPIED, true)
          })
          .catch((error: unknown) => onCopyFailed(error as Error))
  }

  /** The token of backend `backendId`, or null when none is stored. Rejects as the keychain does. */
  async get(backendId: string): Promise<string | null> {
    await this.copied
    return this.secrets.get(this.account(backendId))
  }

  async set(backendId: string, token: string): Promise<void> {
    await this.copied
    await this.secrets.set(this.account(backendId), token)
  }

  /** Removes the token; resolves false when there was none. */
  async delete(backendId: string): Promise<boolean> {
    await this.copied
    return this.secrets.delete(this.account(backendId))
  }

  private account(backendId: string): string {
    return `backend:${this.cacheId}:${backendId}:token`
  }

  private async copyLegacyTokens(backendIds: readonly string[]): Promise<void> {
    for (const backendId of backendIds) {
      if ((await this.secrets.get(this.account(backendId))) !== null) continue
      const token = await this.secrets.get(legacyAccount(backendId))
      if (token !== null) await this.secrets.set(this.account(backendId), token)
    }
  }
}
