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
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'countersign.log')
  const write = (level: string, message: string) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} ${level} ${message}\n`)
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
