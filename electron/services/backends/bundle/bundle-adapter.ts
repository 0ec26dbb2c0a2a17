import { readFile } from 'node:fs/promises'
import type { BackendConfig } from '../../../../shared/backends/backend-config'
import { sha256Hex } from '../../hashing'
import { BackendError, type BackendAdapter } from '../backend-adapter'
import type { RerouteTargets } from '../../../../shared/domain/reroute-target'
import { bundleRerouteTargets, BundleError, parseBundle } from './import-bundle'

/**
 * A case bundle file as a backend: a pull reads the file and, if it changed since the last pull
 * (the cursor is the file's hash), offers every case in it, and its reroute targets. Decisions go back as an exported
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

  /** The reroute targets of the file last read, until `rerouteTargets` hands them on. */
  let unsavedTargets: RerouteTargets | null = null

  return {
    async pull(cursor) {
      const bytes = await read()
      const hash = sha256Hex(bytes)
      if (hash === cursor) return { changes: [], nextCursor: hash, hasMore: false }
      try {
        const { envelope, changes } = parseBundle(bytes)
        unsavedTargets = bundleRerouteTargets(envelope)
        return { changes, nextCursor: hash, hasMore: false }
      } catch (error) {
        if (error instanceof BundleError) throw new BackendError('protocol', `${config.path}: ${error.message}`)
        throw error
      }
    },
    /** The file's list, once after each pull that read a changed file; the file is not read again for it. */
    async rerouteTargets() {
      const targets = unsavedTargets
      unsavedTargets = null
      return targets
    },
    push: async () => null,
    registerKey: () => null,
    lookUpCase: () => null,
    async checkHealth() {
      await read()
    }
  }
}
