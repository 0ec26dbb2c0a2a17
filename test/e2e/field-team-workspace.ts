import { join } from 'node:path'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { importBundle } from '../../electron/services/backends/bundle/import-bundle'
import { openDatabase } from '../../electron/services/db/connection'
import type { Case } from '../../shared/domain/case'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { openRepositories } from '../../electron/services/db/repositories'

/**
 * A data directory holding the keyboard specs' workspace: "Field team", 15 generated cases of every
 * kind (seed 404, ids `k…`), imported into a real SQLite file before the app opens it.
 */
export function fieldTeamWorkspace(dirPrefix: string): { dir: ReturnType<typeof makeTempDir>; cases: Case[] } {
  const dir = makeTempDir(dirPrefix)
  const bundle = generateBundle({ count: 15, seed: 404, idPrefix: 'k', workspace: { id: 'field', name: 'Field team' }, baseTime: new Date() })
  const db = openDatabase(join(dir.path, DATABASE_FILE))
  importBundle(openRepositories(db), JSON.stringify(bundle))
  db.close()
  return { dir, cases: bundle.cases }
}
