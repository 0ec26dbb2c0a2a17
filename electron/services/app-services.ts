import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import type { AppEvent } from '../../shared/ipc/events'
import { AuditTrail } from './audit/audit-trail'
import { InsightsService } from './insights/insights-service'
import { SlaWatcher } from './sla/sla-watcher'
import { exportDecisions } from './backends/bundle/export-decisions'
import { createAdapter, createClaimClient } from './backends/registry'
import type { ClaimClient } from './claims/claim-client'
import { ClaimsService } from './claims/claims-service'
import { BackendConfigStore } from './config/backend-config-store'
import { BackendSettings } from './config/backend-settings'
import { startCheckpointing } from './db/checkpointer'
import { openDatabase, type Db } from './db/connection'
import { openRepositories, type Repositories } from './db/repositories'
import { ensureDemoWorkspace } from './demo/demo-workspace'
import { fileLogger, type Logger } from './logging/logger'
import type { Keymap } from '../../shared/commands'
import { KeymapService } from './review/keymap-service'
import { ReactionTimeSetting } from './review/reaction-time-setting'
import { ReviewDrafts } from './review/review-drafts'
import { ReviewService } from './review/review-service'
import { ReviewerKeys } from './signing/reviewer-keys'
import { BackendTokens } from './secrets/backend-tokens'
import { keychainOrMemory, keychainSecretStore, noKeychainNotice, type SecretStore } from './secrets/secret-store'
import { SyncEngine } from './sync/sync-engine'
import { TakeOver } from './sync/take-over'
import { UndeliveredDecisions } from './sync/undelivered-decisions'

export interface AppServicesOptions {
  /** Where the cache database lives (Electron's userData, or a harness/test directory). */
  dataDir: string
  /** The app's resources folder, holding demo/demo-bundle.json. */
  resourcesDir: string
  reviewer: string
  appVersion: string
  /** Receives events for the renderer (sync progress, changed cases, delivered decisions). */
  emit?: (event: AppEvent) => void
  /** Where secrets are kept (default: the OS keychain while it answers, else memory for this run). */
  secrets?: SecretStore
  /**
   * Asks where to write an exported decisions bundle (Electron: a save dialog); null cancels.
   * Without one, exports go to `<dataDir>/exports/`.
   */
  chooseExportFile?: (suggestedName: string) => Promise<string | null>
  /** How long decisions stay undoable before they are sent (default UNDO_GRACE_MS). */
  undoGraceMs?: number
  /** Told when the reviewer changes the keymap (Electron rebuilds its menus). */
  onKeymapChange?: (keymap: Keymap) => void
  /** Shows an OS notification (Electron); without it, SLA warnings reach only the app itself. */
  notify?: (title: string, body: string) => void
  /** Whether to start watching SLAs (default true; tests drive their own watcher). */
  watchSla?: boolean
  /** The clock claims keep time by, in ms (default Date.now; tests simulate a day in the field). */
  claimsClock?: () => number
  /** How long a case stays open before its viewing lease is taken (default 400 ms). */
  claimDwellMs?: number
}

export interface AppServices {
  db: Db
  /** Every repository, built once over `db`; the services hold the ones they need. */
  repositories: Repositories
  keys: ReviewerKeys
  logger: Logger
  review: ReviewService
  /** The reviewer's undecided edits, kept across reloads and restarts. */
  drafts: ReviewDrafts
  sync: SyncEngine
  settings: BackendSettings
  undelivered: UndeliveredDecisions
  audit: AuditTrail
  keymap: KeymapService
  reactionTime: ReactionTimeSetting
  takeOver: TakeOver
  insights: InsightsService
  sla: SlaWatcher
  claims: ClaimsService
  /** The keychain, or memory for this run when no keychain answers (`secrets.storage` says which). */
  secrets: SecretStore
  /** Settles when the startup checks (the keychain, the signing key) are done and their problems known. */
  ready: Promise<void>
  exports: {
    exportDecisions(workspaceId: string): Promise<{ file: string; count: number } | null>
    exportAuditLog(): Promise<{ file: string; count: number } | null>
    /** Writes a chart's table as CSV (the renderer makes the CSV; the main side picks the file). */
    exportCsv(name: string, csv: string): Promise<{ file: string } | null>
  }
  close(): void
}

export const DATABASE_FILE = 'countersign.sqlite'

function timestamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
}

function defaultExportFile(dataDir: string, name: string): string {
  mkdirSync(join(dataDir, 'exports'), { recursive: true })
  return join(dataDir, 'exports', name)
}

/**
 * Runs an export that writes `file`; a file system error (a folder that is read-only, a full disk)
 * becomes an 'export-failed' AppError naming the file and Node's error code, for the reviewer.
 */
function writing<T>(file: string, write: () => T): T {
  try {
    return write()
  } catch (error) {
    // An AppError (e.g. 'not-found' for a workspace that is not there) keeps its own code: only a
    // file system error (with Node's errno code) means the file could not be written.
    const { code } = error as NodeJS.ErrnoException
    if (error instanceof AppError || typeof code !== 'string') throw error
    throw new AppError('export-failed', `${file} could not be written (${code}); choose another place.`, { cause: error })
  }
}

/** The composition root of everything below the IPC line; Electron and the browser harness share it. */
export function openAppServices(options: AppServicesOptions): AppServices {
  // Made for the reviewer's account alone (a folder that exists keeps its mode: it may be one they chose).
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const db = openDatabase(join(options.dataDir, DATABASE_FILE))
  const logger = fileLogger(options.dataDir)
  const checkpointing = startCheckpointing(join(options.dataDir, DATABASE_FILE), {
    onError: (message) => logger.warn(`checkpoint failed: ${message}`)
  })
  const repositories = openRepositories(db, { afterRefetchableCommit: checkpointing.soon })
  const emit = options.emit ?? (() => {})
  const store = new BackendConfigStore(options.dataDir)
  const problems: string[] = []
  const secrets =
    options.secrets ??
    keychainOrMemory(keychainSecretStore(), (error) => {
      problems.push(noKeychainNotice(error))
      logger.warn(`no keychain, secrets held in memory for this run: ${error.message}`)
    })
  const { configs, problem } = store.readForSync()
  if (problem) {
    problems.push(problem)
    logger.error(problem)
  }
  if (configs.length === 0 && problems.length === 0) ensureDemoWorkspace(repositories, join(options.resourcesDir, 'demo', 'demo-bundle.json'))

  const keys = new ReviewerKeys(repositories.signingKeys, secrets, options.reviewer)
  const tokens = new BackendTokens(
    secrets,
    repositories.preferences,
    configs.map((config) => config.id),
    (error) => logger.warn(`tokens of an earlier version not copied this run: ${error.message}`)
  )
  const sync = new SyncEngine({ repositories, logger, emit, keys, createAdapter: (config, casePrep) => createAdapter(config, tokens, casePrep, options.reviewer) })
  let configured = new Map(configs.map((config) => [config.id, config]))
  // One claim client per backend while its settings last (it keeps the token it read).
  const claimClients = new Map<string, ClaimClient | null>()
  const claims = new ClaimsService({
    repositories,
    logger,
    emit,
    now: options.claimsClock,
    dwellMs: options.claimDwellMs,
    clientFor: (workspaceId) => {
      const config = configured.get(workspaceId)
      if (!config) return null
      if (!claimClients.has(workspaceId)) claimClients.set(workspaceId, createClaimClient(config, tokens, options.reviewer, options.claimsClock))
      return claimClients.get(workspaceId)!
    }
  })
  claims.start()
  const settings = new BackendSettings({
    repositories,
    store,
    tokens,
    onChange: (next) => {
      configured = new Map(next.map((config) => [config.id, config]))
      claimClients.clear()
      sync.configure(next)
    }
  })
  const audit = new AuditTrail(repositories, keys, options.reviewer)
  const sla = new SlaWatcher(repositories, (warnings) => {
    emit({ type: 'sla-warning', warnings })
    for (const warning of warnings) options.notify?.('Due soon', `“${warning.title}” is due at ${new Date(warning.dueAt).toLocaleTimeString()}.`)
  })
  if (options.watchSla !== false) sla.start((error) => logger.warn(`SLA check failed: ${error.message}`))
  const chooseFile = (suggested: string) =>
    options.chooseExportFile ? options.chooseExportFile(suggested) : Promise.resolve(defaultExportFile(options.dataDir, suggested))
  const review = new ReviewService(repositories, {
    reviewer: options.reviewer,
    keys,
    appVersion: options.appVersion,
    problems: () => {
      const signing = keys.problem()
      return signing === null ? problems : [...problems, `Decisions cannot be signed: ${signing}`]
    },
    undoGraceMs: options.undoGraceMs,
    isSending: (decisionId) => sync.isSending(decisionId),
    onDecided: (workspaceId) => sync.decisionRecorded(workspaceId)
  })
  settings.ensureWorkspaces(configs)
  sync.configure(configs)
  // The reviewer's key is made on the first run, not at the first decision.
  const ready = keys.activeKey().then(
    () => undefined,
    (error: unknown) => logger.error(`signing key unavailable: ${(error as Error).message}`)
  )
  logger.info(`opened ${options.dataDir} with ${configs.length} configured backends`)
  return {
    db,
    repositories,
    keys,
    logger,
    review,
    drafts: new ReviewDrafts(repositories.drafts, (casePk) => review.caseDetail(casePk)),
    sync,
    settings,
    undelivered: new UndeliveredDecisions(repositories),
    audit,
    keymap: new KeymapService(repositories.preferences, options.onKeymapChange),
    reactionTime: new ReactionTimeSetting(repositories.preferences),
    insights: new InsightsService(repositories.insights),
    takeOver: new TakeOver(repositories, sync, review),
    sla,
    claims,
    secrets,
    ready,
    exports: {
      async exportDecisions(workspaceId) {
        const file = await chooseFile(`${workspaceId}-decisions-${timestamp()}.json`)
        return file === null ? null : writing(file, () => exportDecisions(repositories, workspaceId, file))
      },
      async exportAuditLog() {
        const file = await chooseFile(`countersign-audit-${timestamp()}.jsonl`)
        return file === null ? null : writing(file, () => audit.exportLog(file))
      },
      async exportCsv(name, csv) {
        const file = await chooseFile(`countersign-${name}-${timestamp()}.csv`)
        if (file === null) return null
        return writing(file, () => {
          writeFileSync(file, csv)
          return { file }
        })
      }
    },
    close: () => {
      checkpointing.stop()
      claims.stop()
      sla.stop()
      sync.stop()
      keys.endRun()
      db.close()
    }
  }
}
