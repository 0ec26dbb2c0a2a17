import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { keychainSecretStore } from '../../electron/services/secrets/secret-store'

describe('keychain secret store (real Secret Service via gnome-keyring)', () => {
  it('stores, reads back and deletes a secret', async () => {
    const store = keychainSecretStore()
    const account = `test:${randomUUID()}`
    expect(await store.get(account)).toBeNull()
    await store.set(account, 'token-value-ü')
    expect(await store.get(account)).toBe('token-value-ü')
    expect(await store.delete(account)).toBe(true)
    expect(await store.get(account)).toBeNull()
  })
})
