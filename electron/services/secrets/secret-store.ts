import keytar from 'keytar'

/**
 * Where secrets live: the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux), never SQLite, config files or logs.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export const KEYCHAIN_SERVICE = 'Countersign'

export function keychainSecretStore(service = KEYCHAIN_SERVICE): SecretStore {
  return {
    get: (account) => keytar.getPassword(service, account),
    set: (account, secret) => keytar.setPassword(service, account, secret),
    delete: (account) => keytar.deletePassword(service, account)
  }
}
