import { AppError } from '../../../shared/ipc/errors'

/**
 * Where secrets (backend tokens, the private signing key) live: the OS keychain (macOS Keychain,
 * Windows Credential Manager, the Secret Service on Linux) through keytar, or, when no keychain
 * answers, this process's memory for the run. Never SQLite, config files or logs.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
  /** Where secrets are kept now: 'keychain', or 'memory' (lost when the process ends). */
  readonly storage: SecretStorage
}

export type SecretStorage = 'keychain' | 'memory'

export const KEYCHAIN_SERVICE = 'Countersign'

/** The part of keytar 7's API used here (keytar is an optional dependency, so its types may be absent). */
export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/** What failed, in each platform's words for its keychain. */
const KEYCHAIN_SILENT: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'no Secret Service (such as gnome-keyring) answered on the D-Bus session bus',
  darwin: 'the macOS Keychain did not answer',
  win32: 'Windows Credential Manager did not answer'
}

/** The keychain cannot be used this run; `reason` says what is missing, in plain words. */
export class KeychainUnavailableError extends AppError {
  override name = 'KeychainUnavailableError'
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('keychain-unavailable', message, options)
  }
}

/**
 * Loads keytar (or the module named `specifier`) on first use; a missing or unbuilt module becomes
 * a KeychainUnavailableError. Imported by a variable name, so that bundlers leave it to Node and
 * the type checker needs no keytar types.
 */
export async function importKeytar(specifier = 'keytar'): Promise<Keytar> {
  try {
    const loaded = (await import(/* @vite-ignore */ specifier)) as Keytar & { default?: Keytar }
    return loaded.default ?? loaded
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    const why = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? `${specifier} is not in node_modules` : message.split('\n')[0]
    throw new KeychainUnavailableError(`the keytar module, which reaches the system keychain, is not installed or did not build (${why})`, { cause: error })
  }
}

/**
 * The OS keychain under `service`. Every failure (keytar missing, no Secret Service on the session
 * bus, a locked keychain) rejects with a KeychainUnavailableError naming keytar's reason.
 */
export function keychainSecretStore(service = KEYCHAIN_SERVICE, loadKeytar: () => Promise<Keytar> = () => importKeytar()): SecretStore {
  let keytar: Promise<Keytar> | null = null
  const call = async <T>(operation: (module: Keytar) => Promise<T>): Promise<T> => {
    keytar ??= loadKeytar()
    const module = await keytar
    try {
      return await operation(module)
    } catch (error) {
      throw new KeychainUnavailableError(`${KEYCHAIN_SILENT[process.platform] ?? 'the system keychain did not answer'} (${(error as Error).message})`, { cause: error })
    }
  }
  return {
    storage: 'keychain',
    get: (account) => call((module) => module.getPassword(service, account)),
    set: (account, secret) => call((module) => module.setPassword(service, account, secret)),
    delete: (account) => call((module) => module.deletePassword(service, account))
  }
}

/** Secrets in this process's memory only, gone when it ends. */
export function memorySecretStore(): SecretStore {
  const secrets = new Map<string, string>()
  return {
    storage: 'memory',
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => void secrets.set(account, secret),
    delete: async (account) => secrets.delete(account)
  }
}

/**
 * The app's store: the keychain while it answers. From the first call it cannot answer, every
 * call (that one included) goes to memory for the rest of the run, and `onUnavailable` is told
 * why, once. Secrets held in memory are never written anywhere.
 */
export function keychainOrMemory(keychain: SecretStore, onUnavailable: (error: KeychainUnavailableError) => void): SecretStore {
  const memory = memorySecretStore()
  let current = keychain
  const call = async <T>(operation: (store: SecretStore) => Promise<T>): Promise<T> => {
    if (current === memory) return operation(memory)
    try {
      return await operation(keychain)
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error
      if (current !== memory) {
        current = memory
        onUnavailable(error)
      }
      return operation(memory)
    }
  }
  return {
    get storage() {
      return current.storage
    },
    get: (account) => call((store) => store.get(account)),
    set: (account, secret) => call((store) => store.set(account, secret)),
    delete: (account) => call((store) => store.delete(account))
  }
}

/**
 * What the app says, once, when it runs without a keychain: what is missing, what that means for
 * this run, and (on a second line) how to get one on each platform.
 */
export function noKeychainNotice(error: KeychainUnavailableError): string {
  return (
    `No system keychain this run: ${error.message}. Backend tokens and the signing key are held in memory only, never ` +
    'written to disk: tokens must be entered again next run, and each run signs with a new key.\n' +
    'To use a keychain — Debian/Ubuntu: sudo apt install gnome-keyring libsecret-1-dev, in a desktop session · ' +
    'Fedora: sudo dnf install gnome-keyring libsecret-devel · ' +
    'macOS: the login keychain, unlocked in Keychain Access · ' +
    'Windows: Credential Manager, built in. Then run npm install and restart Countersign.'
  )
}
