import { describe, expect, it } from 'vitest'
import { importKeytar, KeychainUnavailableError, keychainOrMemory, keychainSecretStore, noKeychainNotice } from '../../electron/services/secrets/secret-store'

// keytar is optional: where it did not build, the import fails as Node fails it for any missing
// module. The app then keeps secrets in memory for the run, and says why once.

const missingKeytar = () => importKeytar('keytar-that-is-not-installed')

describe('secret store without keytar', () => {
  it('reports keytar missing as the keychain being unavailable, in plain words', async () => {
    const error = await keychainSecretStore('Countersign-test', missingKeytar).get('account').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KeychainUnavailableError)
    expect((error as Error).message).toMatch(/^the keytar module, which reaches the system keychain, is not installed or did not build \(keytar-that-is-not-installed is not in node_modules\)$/)
  })

  it('holds secrets in memory from the first failed call on, and says so once', async () => {
    const told: KeychainUnavailableError[] = []
    const store = keychainOrMemory(keychainSecretStore('Countersign-test', missingKeytar), (error) => told.push(error))
    expect(store.storage).toBe('keychain')
    await Promise.all([store.set('token:team', 'secret-1'), store.set('token:other', 'secret-2')])
    expect(store.storage).toBe('memory')
    await expect(store.get('token:team')).resolves.toBe('secret-1')
    await expect(store.delete('token:other')).resolves.toBe(true)
    await expect(store.get('token:other')).resolves.toBeNull()
    expect(told).toHaveLength(1)
    const notice = noKeychainNotice(told[0]!)
    expect(notice.split('\n')).toHaveLength(2)
    expect(notice).toMatch(/^No system keychain this run: the keytar module/)
    for (const platform of ['Debian/Ubuntu:', 'Fedora:', 'macOS:', 'Windows:']) expect(notice.split('\n')[1]).toContain(platform)
  })
})
