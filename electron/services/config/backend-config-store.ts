import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONFIG_FILE_VERSION, configFileSchema, type BackendConfig } from '../../../shared/backends/backend-config'
import { describeIssues } from '../../../shared/domain/validation-message'

export const CONFIG_FILE = 'backends.json'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * The configured backends, in a JSON file a person can edit (`backends.json` in the data
 * directory). It holds no secrets. A file that fails validation is reported and left untouched.
 */
export class BackendConfigStore {
  readonly file: string

  constructor(dataDir: string) {
    this.file = join(dataDir, CONFIG_FILE)
  }

  read(): BackendConfig[] {
    if (!existsSync(this.file)) return []
    let json: unknown
    try {
      json = JSON.parse(readFileSync(this.file, 'utf8'))
    } catch (error) {
      throw new ConfigError(`${this.file} is not valid JSON: ${(error as Error).message}`)
    }
    const parsed = configFileSchema.safeParse(json)
    if (!parsed.success) throw new ConfigError(`${this.file} is invalid: ${describeIssues(parsed.error)}`)
    const ids = parsed.data.backends.map((backend) => backend.id)
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index)
    if (duplicate) throw new ConfigError(`${this.file} is invalid: the backend id "${duplicate}" is used twice`)
    return parsed.data.backends
  }

  /** Replaces the file atomically, so a crash mid-write leaves the old one whole. */
  write(backends: readonly BackendConfig[]): void {
    const temporary = `${this.file}.${process.pid}.tmp`
    writeFileSync(temporary, JSON.stringify({ version: CONFIG_FILE_VERSION, backends }, null, 2) + '\n', { mode: 0o600 })
    renameSync(temporary, this.file)
  }
}
