import { useEffect, useRef } from 'react'
import { locationOf, tokenRequirement, type BackendKind } from '../../../../shared/backends/backend-config'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { VisibleText } from '../../ui/VisibleText'
import { KeymapEditor } from './KeymapEditor'
import { ReactionTimeSetting } from './ReactionTimeSetting'
import { SlaLeadSetting } from './SlaLeadSetting'
import { BackendForm } from './BackendForm'
import { useCommandKeys } from '../../commands/key-hints'
import { countOf } from '../../../../shared/text/plural'

const KIND_NAMES: Record<BackendKind, string> = { 'review-api': 'Review API', langgraph: 'LangGraph', bundle: 'Bundle file' }

/** Backends: where cases come from and decisions go. `n` adds, Enter edits, `x` removes. */
export function SettingsScreen() {
  const backends = useAppStore((state) => state.backends)
  const statuses = useAppStore((state) => state.backendStatus)
  const listIndex = useAppStore((state) => state.listIndex)
  const form = useAppStore((state) => state.backendForm)
  const signingKey = useAppStore((state) => state.signingKeys.find((key) => key.retiredAt === null))
  const inMemory = useAppStore((state) => state.summary?.secretStorage === 'memory')
  const problems = useAppStore((state) => state.summary?.problems)
  const addKeys = useCommandKeys('settings.addBackend')
  const rotateKeys = useCommandKeys('settings.rotateKey')
  const auditKeys = useCommandKeys('go.audit')
  const exportKeys = useCommandKeys('settings.exportDecisions')
  const replacedDemo = useAppStore((state) => state.replacedDemo)
  const listRef = useRef<HTMLUListElement>(null)
  useEffect(() => registerFocusTarget('screen', () => listRef.current?.focus()), [])

  const editing = form?.mode === 'edit' ? backends.find((backend) => backend.config.id === form.id) : undefined
  return (
    <main className="screen settings-screen" aria-label="Settings">
      <h1>Settings</h1>
      <h2 className="section-title">Backends</h2>
      <p className="muted">
        Cases come from these, and decisions go back to them.{' '}
        {inMemory ? (
          // Said plainly here, where tokens are entered: the banner and "Problems this run" below carry the alarm and the way out.
          <span data-testid="tokens-in-memory">No system keychain this run: tokens are held in memory and must be entered again next run.</span>
        ) : (
          'Tokens are kept in the system keychain.'
        )}
      </p>
      {problems && problems.length > 0 && (
        // The banners' whole text (a banner keeps to one line), hidden ones included.
        <section aria-labelledby="problems-title" data-testid="run-problems">
          <h2 id="problems-title" className="section-title">
            Problems this run
          </h2>
          {problems.map((problem) => (
            <p key={problem} className="run-problem">
              {problem}
            </p>
          ))}
        </section>
      )}
      <ul ref={listRef} className="screen-list" tabIndex={-1} aria-label="Configured backends">
        {backends.map((backend, index) => {
          const status = statuses.find((s) => s.id === backend.config.id)
          const { config } = backend
          return (
            <li key={config.id} className={index === listIndex ? 'selected' : undefined} aria-current={index === listIndex}>
              <div className="list-title">
                {config.name} {backend.isDemo && <span className="badge badge-demo">Demo</span>}
                <span className="kind-chip small">{backend.isDemo ? 'Built in' : KIND_NAMES[config.kind]}</span>
              </div>
              <div className="list-meta muted">
                {[
                  // The demo's chip already says it is built in; its "location" would say it again.
                  backend.isDemo ? 'sample cases that come with the app' : locationOf(config),
                  tokenRequirement(config.kind) !== 'none' && (backend.hasToken ? (inMemory ? 'token in memory' : 'token in keychain') : 'no token'),
                  status && `${status.state}${status.lastSyncAt ? `, last synced ${new Date(status.lastSyncAt).toLocaleTimeString()}` : ''}`,
                  status && status.pendingPushes > 0 && `${status.pendingPushes} to send`,
                  backend.unexported > 0 && `${countOf(backend.unexported, 'decision')} to export (${exportKeys})`
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
              {status?.lastError && (
                <div className="field-error">
                  <VisibleText text={status.lastError} />
                </div>
              )}
              {backend.quarantined.map((item) => (
                <div key={item.caseId} className="field-error">
                  Not loaded: {item.message}
                </div>
              ))}
            </li>
          )
        })}
      </ul>
      {backends.length === 0 && <p>No backends yet. Press <kbd>{addKeys}</kbd> to add one.</p>}
      {replacedDemo && (
        <p className="form-note" role="status" data-testid="demo-left">
          The demo workspace left the queue when “{replacedDemo}” was added. The decisions made on it stay in the audit trail (<kbd>{auditKeys}</kbd>); Insights count
          the workspaces shown.
        </p>
      )}
      <h2 className="section-title">Signing key</h2>
      <p>
        Every decision is signed with this key;{' '}
        {inMemory ? 'it was made for this run and its private half is held in memory only.' : 'its private half never leaves the system keychain.'} Backends
        are given the public half.
      </p>
      <p>
        Fingerprint <code data-testid="key-fingerprint">{signingKey?.fingerprint ?? '—'}</code>
        {signingKey && <span className="muted"> · since {new Date(signingKey.createdAt).toLocaleDateString()}</span>} · <kbd>{rotateKeys}</kbd> make a new key
      </p>
      <SlaLeadSetting />
      <ReactionTimeSetting />
      <KeymapEditor />
      {form && (
        <BackendForm
          key={form.mode === 'edit' ? form.id : 'new'}
          existing={editing?.config}
          hasToken={editing?.hasToken ?? false}
          replacesDemo={form.mode === 'new' && backends.some((backend) => backend.isDemo)}
        />
      )}
    </main>
  )
}
