import type { Case } from '../../shared/domain/case'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { importIntoCache } from '../fixtures/cache-file'

/**
 * A data directory holding the keyboard specs' workspace: "Field team", 15 generated cases of every
 * kind (seed 404, ids `k…`), imported into a real SQLite file before the app opens it.
 */
export function fieldTeamWorkspace(dirPrefix: string): { dir: ReturnType<typeof makeTempDir>; cases: Case[] } {
  const dir = makeTempDir(dirPrefix)
  const bundle = generateBundle({ count: 15, seed: 404, idPrefix: 'k', workspace: { id: 'field', name: 'Field team' }, baseTime: new Date() })
  importIntoCache(dir.path, bundle)
  return { dir, cases: bundle.cases }
}
