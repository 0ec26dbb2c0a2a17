import { tokenRequirement, type BackendConfig, type BackendInput } from '../../../shared/backends/backend-config'
import { AppError } from '../../../shared/ipc/errors'
import type { BackendSummary } from '../../../shared/ipc/views'
import type { Repositories } from '../db/repositories'
import type { OutboxRepository } from '../db/repositories/outbox-repository'
import type { QuarantineRepository } from '../db/repositories/sync-repositories'
import type { WorkspacesRepository } from '../db/repositories/workspaces-repository'
import type { BackendTokens } from '../secrets/backend-tokens'
import type { BackendConfigStore } from './backend-config-store'

/**
 * Adding, editing and removing backends: the config file gets the settings, the keychain gets the
 * token, and the cache gets a workspace for the backend's cases.
 */
export class BackendSettings {
  private readonly workspaces: WorkspacesRepository
  private readonly outbox: OutboxRepository
  private readonly quarantine: QuarantineRepository

  constructor(
    private readonly options: {
      repositories: Pick<Repositories, 'workspaces' | 'outbox' | 'quarantine'>
      store: BackendConfigStore
      tokens: BackendTokens
      /** Called with the new list after every change, to restart sync. */
      onChange(configs: BackendConfig[]): void
    }
  ) {
    this.workspaces = options.repositories.workspaces
    this.outbox = options.repositories.outbox
    this.quarantine = options.repositories.quarantine
  }

  /** Makes sure every configured backend has its workspace (a hand-edited config file adds none). */
  ensureWorkspaces(configs: readonly BackendConfig[]): void {
    const now = new Date().toISOString()
    for (const config of configs) this.workspaces.upsert({ id: config.id, name: config.name, kind: config.kind, isDemo: false }, now)
  }

  configs(): BackendConfig[] {
    return this.options.store.read()
  }

  async list(): Promise<BackendSummary[]> {
    const quarantined = this.quarantine.list()
    const quarantinedIn = (id: string) => quarantined.filter((item) => item.workspaceId === id).map(({ caseId, message }) => ({ caseId, message }))
    const configured = await Promise.all(
      this.configs().map(async (config) => ({
        config,
        hasToken: tokenRequirement(config.kind) !== 'none' ? (await this.options.tokens.get(config.id)) !== null : false,
        isDemo: false,
        unexported: this.outbox.counts(config.id).unexported,
        quarantined: quarantinedIn(config.id)
      }))
    )
    const demos = this.workspaces
      .list()
      .filter((workspace) => workspace.isDemo)
      .map((workspace) => ({
        config: { id: workspace.id, name: workspace.name, kind: 'bundle' as const, path: '(built in)', syncIntervalSeconds: 60 },
        hasToken: false,
        isDemo: true,
        unexported: this.outbox.counts(workspace.id).unexported,
        quarantined: quarantinedIn(workspace.id)
      }))
    return [...demos, ...configured]
  }

  async save({ config, token }: BackendInput): Promise<BackendSummary[]> {
    const configs = this.configs()
    const existing = this.workspaces.get(config.id)
    if (existing?.isDemo) throw new AppError('invalid-settings', `"${config.id}" is the demo workspace's id; choose another.`)
    if (tokenRequirement(config.kind) === 'required' && token === undefined && (await this.options.tokens.get(config.id)) === null) {
      throw new AppError('invalid-settings', `"${config.name}" needs a token: the service issues one for each reviewer.`)
    }
    if (token !== undefined) await this.options.tokens.set(config.id, token)
    const next = configs.some((c) => c.id === config.id) ? configs.map((c) => (c.id === config.id ? config : c)) : [...configs, config]
    this.options.store.write(next)
    const now = new Date().toISOString()
    this.workspaces.upsert({ id: config.id, name: config.name, kind: config.kind, isDemo: false }, now)
    // The demo is for a first look; with a real backend configured it leaves the queue.
    for (const demo of this.workspaces.list().filter((workspace) => workspace.isDemo)) this.workspaces.markRemoved(demo.id, now)
    // As read back from the file, as at start-up and after a removal: a backend whose settings did
    // not change is then given exactly the same config, and sync leaves it running.
    this.options.onChange(this.configs())
    return this.list()
  }

  /**
   * Removes a backend: its settings and token go, and its cases leave the queue; decisions made
   * on them stay in the audit trail. Refused while decisions still wait for it, unless `force`.
   * With no backend left, the demo workspace comes back, as at first launch.
   */
  async remove(id: string, force: boolean): Promise<BackendSummary[]> {
    const workspace = this.workspaces.get(id)
    if (!workspace) throw new AppError('not-found', `There is no backend "${id}".`)
    const { pending } = this.outbox.counts(id)
    if (pending > 0 && !force) {
      throw new AppError('needs-confirmation', `${pending} decision${pending === 1 ? ' has' : 's have'} not been delivered to "${workspace.name}" yet. Remove it anyway?`)
    }
    const next = this.configs().filter((config) => config.id !== id)
    if (!workspace.isDemo) {
      await this.options.tokens.delete(id)
      this.options.store.write(next)
    }
    this.workspaces.markRemoved(id, new Date().toISOString())
    if (!workspace.isDemo && next.length === 0) this.workspaces.restoreDemos()
    this.options.onChange(next)
    return this.list()
  }
}
