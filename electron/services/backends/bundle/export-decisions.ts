import { AppError } from '../../../../shared/ipc/errors'
import { renameSync, writeFileSync } from 'node:fs'
import { DECISIONS_BUNDLE_FORMAT, type DecisionsBundle } from '../../../../shared/bundle/decisions-bundle'
import type { Repositories } from '../../db/repositories'
import { stringifyJson } from '../../../../shared/json/exact-json'

/**
 * Writes every decision on a bundle workspace not yet exported to a decisions bundle file, and
 * marks them exported only once the file is complete on disk.
 */
export function exportDecisions(
  { workspaces, outbox, inTransaction }: Pick<Repositories, 'workspaces' | 'outbox' | 'inTransaction'>,
  workspaceId: string,
  file: string,
  now = new Date()
): { file: string; count: number } {
  const workspace = workspaces.get(workspaceId)
  if (!workspace) throw new AppError('not-found', `There is no workspace "${workspaceId}".`)
  const items = outbox.awaitingExport(workspaceId)
  const bundle: DecisionsBundle = {
    format: DECISIONS_BUNDLE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    workspace: { id: workspace.id, name: workspace.name },
    decisions: items.map((item) => item.envelope)
  }
  const temporary = `${file}.partial`
  writeFileSync(temporary, stringifyJson(bundle, 2) + '\n')
  renameSync(temporary, file)
  inTransaction(() => items.forEach((item) => outbox.markExported(item.decisionId, now.toISOString())))
  return { file, count: items.length }
}
