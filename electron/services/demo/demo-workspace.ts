import { readFileSync } from 'node:fs'
import type { Repositories } from '../db/repositories'
import { importBundle, type BundleImportReport } from '../backends/bundle/import-bundle'

/**
 * On first launch with nothing configured, fill the cache from the built-in demo bundle so a new
 * reviewer sees real-looking cases of every kind. Returns null when there was nothing to do.
 */
export function ensureDemoWorkspace(repositories: Repositories, demoBundlePath: string, now = new Date()): BundleImportReport | null {
  if (repositories.workspaces.count() > 0) return null
  return importBundle(repositories, readFileSync(demoBundlePath), { isDemo: true, rebaseTimesToNow: true, now })
}
