import { AppError } from '../../../../shared/ipc/errors'
import { renameSync, writeFileSync } from 'node:fs'
import { DECISIONS_BUNDLE_FORMAT, type DecisionsBundle } from '../../../../shared/bundle/decisions-bundle'
import type { Db } from '../../db/connection'
import { OutboxRepository } from '../../db/repositories/outbox-repository'
import { WorkspacesRepository } from '../../db/repositories/workspaces-repository'

/**
 * Writes every decision on a bundle workspace not yet exported to a decisions bundle file, and
 * marks them exported only once the file is complete on disk.
 */
export function exportDecisions(db: Db, workspaceId: string, file: string, now = new Date()): { file: string; count: number } {
  const workspace = new WorkspacesRepository(db).get(workspaceId)
  if (!workspace) throw new AppError('not-found', `There is no workspace "${workspaceId}".`)
  const outbox = new OutboxRepository(db)
  const items = outbox.awaitingExport(workspaceId)
  const bundle: DecisionsBundle = {
    format: DECISIONS_BUNDLE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    workspace: { id: workspace.id, name: workspace.name },
    decisions: items.map((item) => item.envelope)
  }
  const temporary = `${file}.partial`
  writeFileSync(temporary, JSON.stringify(bundle, null, 2) + '\n')
  renameSync(temporary, file)
  db.transaction(() => items.forEach((item) => outbox.markExported(item.decisionId, now.toISOString())))()
  return { file, count: items.length }
}
