import { readFile } from 'node:fs/promises'
import type { BackendConfig } from '../../../../shared/backends/backend-config'
import { sha256Hex } from '../../hashing'
import { BackendError, type BackendAdapter } from '../backend-adapter'
import { BundleError, parseBundle } from './import-bundle'

/**
 * A case bundle file as a backend: a pull reads the file and, if it changed since the last pull
 * (the cursor is the file's hash), offers every case in it. Decisions go back as an exported
 * decisions bundle, not over a network, so push does nothing.
 */
export function bundleAdapter(config: Extract<BackendConfig, { kind: 'bundle' }>): BackendAdapter {
  async function read(): Promise<Buffer> {
    try {
      return await readFile(config.path)
    } catch (error) {
      throw new BackendError('offline', `The bundle file ${config.path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`)
    }
  }

  return {
    async pull(cursor) {
      const bytes = await read()
      const hash = sha256Hex(bytes)
      if (hash === cursor) return { changes: [], nextCursor: hash, hasMore: false }
      try {
        const { changes } = parseBundle(bytes)
        return { changes, nextCursor: hash, hasMore: false }
      } catch (error) {
        if (error instanceof BundleError) throw new BackendError('protocol', `${config.path}: ${error.message}`)
        throw error
      }
    },
    push: async () => null,
    registerKey: () => null,
    lookUpCase: () => null,
    async checkHealth() {
      await read()
    }
  }
}
