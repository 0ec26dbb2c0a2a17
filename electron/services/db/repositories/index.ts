import type { Db } from '../connection'
import { CasesRepository } from './cases-repository'
import { DecisionFactsRepository } from './decision-facts-repository'
import { DecisionsRepository } from './decisions-repository'
import { DraftsRepository } from './drafts-repository'
import { HoldsRepository } from './holds-repository'
import { InsightsRepository } from './insights-repository'
import { OutboxRepository } from './outbox-repository'
import { PreferencesRepository } from './preferences-repository'
import { RerouteTargetsRepository } from './reroute-targets-repository'
import { SigningKeysRepository } from './signing-keys-repository'
import { SlaWarningsRepository } from './sla-warnings-repository'
import { CursorsRepository, KeyRegistrationsRepository, QuarantineRepository } from './sync-repositories'
import { WorkspacesRepository } from './workspaces-repository'

/**
 * Every repository over one connection, each with its statements prepared once: the only code that
 * holds SQL (a lint rule refuses it elsewhere). Built once in the composition root
 * (app-services.ts) and handed to the services, which see domain objects in camelCase only.
 */
export interface Repositories {
  workspaces: WorkspacesRepository
  cases: CasesRepository
  decisions: DecisionsRepository
  drafts: DraftsRepository
  facts: DecisionFactsRepository
  outbox: OutboxRepository
  holds: HoldsRepository
  cursors: CursorsRepository
  quarantine: QuarantineRepository
  registrations: KeyRegistrationsRepository
  signingKeys: SigningKeysRepository
  preferences: PreferencesRepository
  slaWarnings: SlaWarningsRepository
  insights: InsightsRepository
  rerouteTargets: RerouteTargetsRepository
  /**
   * Runs `work` in one SQLite transaction (better-sqlite3's `db.transaction`, IMMEDIATE: committed
   * when it returns, rolled back if it throws; nested calls become savepoints) and returns its result.
   */
  inTransaction<T>(work: () => T): T
  /**
   * `inTransaction` for data that can be fetched again (a sync's cases and cursor): committed
   * without waiting for the disk (`synchronous = NORMAL` for this transaction, FULL again after).
   * It is as atomic as any transaction, and survives the app crashing or being killed (the OS
   * holds the write); only a power loss can take it back, with the cursor it moved, so the next
   * sync fetches it again. The next FULL commit (a decision) makes it durable too, as WAL frames
   * are synced in order. Without this, each 4 ms ingest slice waited for an fsync on the
   * services' thread (10–40 ms on a busy disk). Calls `afterRefetchableCommit` (see
   * `openRepositories`) once it has committed.
   */
  inRefetchableTransaction<T>(work: () => T): T
}

/**
 * The repositories over one connection. `afterRefetchableCommit` is called after each
 * `inRefetchableTransaction` commits: the app asks for a checkpoint then (`Checkpointing.soon`),
 * which syncs those writes to the disk off the services' thread.
 */
export function openRepositories(db: Db, { afterRefetchableCommit = () => {} }: { afterRefetchableCommit?: () => void } = {}): Repositories {
  return {
    workspaces: new WorkspacesRepository(db),
    cases: new CasesRepository(db),
    decisions: new DecisionsRepository(db),
    drafts: new DraftsRepository(db),
    facts: new DecisionFactsRepository(db),
    outbox: new OutboxRepository(db),
    holds: new HoldsRepository(db),
    cursors: new CursorsRepository(db),
    quarantine: new QuarantineRepository(db),
    registrations: new KeyRegistrationsRepository(db),
    signingKeys: new SigningKeysRepository(db),
    preferences: new PreferencesRepository(db),
    slaWarnings: new SlaWarningsRepository(db),
    insights: new InsightsRepository(db),
    rerouteTargets: new RerouteTargetsRepository(db),
    // IMMEDIATE: the write lock is taken at BEGIN, waiting (busy_timeout) for another process on
    // this file (a second instance on the same data directory). A DEFERRED transaction that reads
    // (a decision reads the chain's head) and then writes fails at once with SQLITE_BUSY when the
    // other process committed in between.
    inTransaction: (work) => db.transaction(work).immediate(),
    inRefetchableTransaction: (work) => {
      db.pragma('synchronous = NORMAL')
      try {
        const result = db.transaction(work).immediate()
        afterRefetchableCommit()
        return result
      } finally {
        db.pragma('synchronous = FULL')
      }
    }
  }
}
