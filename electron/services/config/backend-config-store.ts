import { existsSync, lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONFIG_FILE_VERSION, configFileSchema, type BackendConfig } from '../../../shared/backends/backend-config'
import { describeIssues } from '../../../shared/domain/validation-message'
import { AppError } from '../../../shared/ipc/errors'
import { parseJson } from '../../../shared/json/exact-json'
import { decodeText, TextDecodingError } from '../../../shared/text/decode-text'

export const CONFIG_FILE = 'backends.json'
/** The backends the config file last held when it could be read: sync falls back on them. */
export const LAST_READABLE_FILE = 'backends.last-readable.json'

/** The config file cannot be read or is invalid; the message names the file and what is wrong. */
export class ConfigError extends AppError {
  override name = 'ConfigError'
  constructor(message: string) {
    super('invalid-settings', message)
  }
}

/** The backends to sync, and what is wrong with the config file when it could not be used. */
export interface SyncConfigs {
  configs: BackendConfig[]
  problem: string | null
}

/**
 * The configured backends, in a JSON file a person can edit (`backends.json` in the data
 * directory). It holds no secrets. It may be saved as UTF-8 with or without a byte-order mark or
 * as UTF-16 with one (`decodeText`). A file that fails validation is reported and left untouched.
 */
export class BackendConfigStore {
  readonly file: string
  private readonly lastReadableFile: string

  constructor(dataDir: string) {
    this.file = join(dataDir, CONFIG_FILE)
    this.lastReadableFile = join(dataDir, LAST_READABLE_FILE)
  }

  /** The configured backends; throws ConfigError naming the file and what is wrong with it. */
  read(): BackendConfig[] {
    // Only a file that is not there at all means "no backends": a symlink whose target is gone
    // is a file that cannot be read, and must not silently stop every backend (and the outbox).
    try {
      lstatSync(this.file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new ConfigError(`${this.file} cannot be read: ${(error as Error).message}.`)
    }
    return this.parse(this.file)
  }

  /**
   * What sync runs with. When the file cannot be read, the backends it last held keep syncing (so
   * decisions already made are still delivered), and `problem` says what is wrong and that.
   */
  readForSync(): SyncConfigs {
    try {
      const configs = this.read()
      this.remember(configs)
      return { configs, problem: null }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      const configs = this.lastReadable()
      if (configs.length === 0) return { configs, problem: `${error.message} No backend syncs until it is fixed.` }
      const names = configs.map((config) => `“${config.name}”`).join(', ')
      return {
        configs,
        problem: `${error.message} Until it is fixed, the backends it last held (${names}) keep syncing as they were, so decisions already made are still delivered.`
      }
    }
  }

  /** Replaces the file atomically, so a crash mid-write leaves the old one whole. */
  write(backends: readonly BackendConfig[]): void {
    writeAtomically(this.file, backends)
    this.remember(backends)
  }

  private parse(file: string): BackendConfig[] {
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch (error) {
      throw new ConfigError(`${file} cannot be read: ${(error as Error).message}.`)
    }
    let json: unknown
    try {
      // A hand-edited file with a key twice ({"backends": [...], "backends": []}) is refused, not
      // read as its last value: that would silently drop every backend.
      json = parseJson(decodeText(bytes))
    } catch (error) {
      if (error instanceof TextDecodingError) throw new ConfigError(`${file} cannot be read as text: ${error.message}.`)
      throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`)
    }
    const parsed = configFileSchema.safeParse(json, { reportInput: true })
    if (!parsed.success) throw new ConfigError(`${file} is invalid: ${describeIssues(parsed.error)}`)
    const ids = parsed.data.backends.map((backend) => backend.id)
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index)
    if (duplicate) throw new ConfigError(`${file} is invalid: the backend id "${duplicate}" is used twice`)
    return parsed.data.backends
  }

  private remember(backends: readonly BackendConfig[]): void {
    const text = configFileText(backends)
    if (existsSync(this.lastReadableFile) && readFileSync(this.lastReadableFile, 'utf8') === text) return
    writeAtomically(this.lastReadableFile, backends)
  }

  private lastReadable(): BackendConfig[] {
    if (!existsSync(this.lastReadableFile)) return []
    try {
      return this.parse(this.lastReadableFile)
    } catch {
      return []
    }
  }
}

function configFileText(backends: readonly BackendConfig[]): string {
  return JSON.stringify({ version: CONFIG_FILE_VERSION, backends }, null, 2) + '\n'
}

function writeAtomically(file: string, backends: readonly BackendConfig[]): void {
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, configFileText(backends), { mode: 0o600 })
  renameSync(temporary, file)
}
