import { readFileSync } from 'node:fs'
import type { Db } from '../db/connection'
import { WorkspacesRepository } from '../db/repositories/workspaces-repository'
import { importBundle, type BundleImportReport } from '../backends/bundle/import-bundle'

/**
 * On first launch with nothing configured, fill the cache from the built-in demo bundle so a new
 * reviewer sees real-looking cases of every kind. Returns null when there was nothing to do.
 */
export function ensureDemoWorkspace(db: Db, demoBundlePath: string, now = new Date()): BundleImportReport | null {
  if (new WorkspacesRepository(db).count() > 0) return null
  return importBundle(db, readFileSync(demoBundlePath), { isDemo: true, rebaseTimesToNow: true, now })
}
