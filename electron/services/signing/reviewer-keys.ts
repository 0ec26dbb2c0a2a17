import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { DECISION_JWS_TYPE, type PublicKeyEntry } from '../../../shared/audit/audit-log'
import { AppError } from '../../../shared/ipc/errors'
import type { SigningKeysRepository } from '../db/repositories/signing-keys-repository'
import type { SecretStore } from '../secrets/secret-store'

export interface SigningKey {
  kid: string
  publicJwk: PublicKeyEntry['jwk']
  sign(payload: string): Promise<string>
}

/** No key can sign decisions; the message says why and what to do. */
export class SigningKeyError extends AppError {
  override name = 'SigningKeyError'
  constructor(message: string) {
    super('signing-unavailable', message)
  }
}

const keychainAccount = (kid: string) => `signing-key:${kid}`

/**
 * The reviewer's Ed25519 signing keys. The private half lives only in the OS keychain (or, when
 * there is none, in memory for one run); SQLite keeps the public half (a JWK, its id the RFC 7638
 * thumbprint) so that every decision ever signed stays verifiable after a rotation.
 */
export class ReviewerKeys {
  /** The key in use, loaded (or made) once; concurrent callers share the same promise. */
  private active: Promise<SigningKey> | null = null
  /** The key made this run while secrets were held in memory, if any. */
  private runKid: string | null = null
  private failure: string | null = null

  constructor(
    private readonly signingKeys: SigningKeysRepository,
    private readonly secrets: SecretStore,
    private readonly reviewer: string
  ) {}

  /** The key decisions are signed with now, created on first use. */
  activeKey(): Promise<SigningKey> {
    this.active ??= this.loadOrCreate().then(
      (key) => {
        this.failure = null
        return key
      },
      (error: unknown) => {
        this.active = null
        this.failure = (error as Error).message
        throw error
      }
    )
    return this.active
  }

  /** Why no key could sign at the last try (e.g. its private half is lost), or null when one can. */
  problem(): string | null {
    return this.failure
  }

  private async loadOrCreate(afterRace = false): Promise<SigningKey> {
    const active = this.signingKeys.active(this.reviewer)
    if (!active) {
      // Another instance on this data directory may have made the first key meanwhile: use that one.
      return this.create().catch((error: unknown) => {
        if (afterRace || (error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error
        return this.loadOrCreate(true)
      })
    }
    const privateJwk = await this.secrets.get(keychainAccount(active.kid))
    if (privateJwk) return toSigningKey(active.kid, active.publicJwk, JSON.parse(privateJwk) as JWK)
    // Without a keychain this run, no earlier key can be reached: make a run key, as a rotation.
    if (this.secrets.storage === 'memory') return this.create(active.kid)
    throw new SigningKeyError(
      `The private half of signing key ${active.kid} is missing from the keychain, so decisions cannot be signed. ` +
        'Rotate the key in Settings to make a new one (decisions signed before stay verifiable).'
    )
  }

  /**
   * A new key for new decisions. The old public key stays for verification and is retired; its
   * private half is deleted from the keychain if it is still there. Works when the private half
   * is already lost: that is when a reviewer needs it most.
   */
  async rotate(): Promise<SigningKey> {
    const previous = this.signingKeys.active(this.reviewer)
    const next = this.create(previous?.kid)
    this.active = next
    try {
      await next
    } catch (error) {
      this.active = null
      throw error
    }
    this.failure = null
    if (previous) await this.secrets.delete(keychainAccount(previous.kid))
    return next
  }

  /**
   * Retires a key made while secrets were held in memory: its private half ends with this
   * process, so the next run makes a new key instead of finding one nobody can sign with.
   */
  endRun(): void {
    if (this.runKid) this.signingKeys.retire(this.runKid, new Date().toISOString())
  }

  publicKeys(): PublicKeyEntry[] {
    return this.signingKeys.all()
  }

  private async create(retiring?: string): Promise<SigningKey> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    const privateJwk = await exportJWK(privateKey)
    const { kty, crv, x } = await exportJWK(publicKey)
    const publicJwk = { kty: kty as 'OKP', crv: crv as 'Ed25519', x: x! }
    const kid = await calculateJwkThumbprint(publicJwk)
    // Keychain first: a key row without its private half would be a key nobody can sign with.
    await this.secrets.set(keychainAccount(kid), JSON.stringify(privateJwk))
    const now = new Date().toISOString()
    if (retiring) this.signingKeys.retire(retiring, now)
    this.signingKeys.add(kid, this.reviewer, publicJwk, now)
    if (this.secrets.storage === 'memory') this.runKid = kid
    return toSigningKey(kid, publicJwk, privateJwk)
  }
}

async function toSigningKey(kid: string, publicJwk: PublicKeyEntry['jwk'], privateJwk: JWK): Promise<SigningKey> {
  const key = await importJWK(privateJwk, 'EdDSA')
  const encoder = new TextEncoder()
  return {
    kid,
    publicJwk,
    sign: (payload) => new CompactSign(encoder.encode(payload)).setProtectedHeader({ alg: 'EdDSA', kid, typ: DECISION_JWS_TYPE }).sign(key)
  }
}

/** The fingerprint shown to people: the key id in groups of four, easy to compare aloud. */
export function fingerprint(kid: string): string {
  return kid.slice(0, 24).match(/.{1,4}/g)!.join(' ')
}
