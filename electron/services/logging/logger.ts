import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/**
 * Appends to `<dataDir>/logs/countersign.log`. Callers log outcomes and reasons, never request
 * headers or secrets; the keychain tests scan this file for leaked tokens.
 */
export function fileLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs')
  // The log names cases and backends: readable by the reviewer's account alone, like the cache.
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, 'countersign.log')
  const write = (level: string, message: string) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} ${level} ${message}\n`, { mode: 0o600 })
    } catch {
      // A log line that cannot be written must never stop the work it describes.
    }
  }
  return {
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message) => write('ERROR', message)
  }
}
