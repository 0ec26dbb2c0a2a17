import { useMemo } from 'react'
import type { BackendStatus } from '../../../shared/ipc/views'
import { useAppStore, type AppState } from '../store'
import { advertisedCommands, commandsFor } from '../commands/command-table'
import { VisibleText } from '../ui/VisibleText'
import { commandKeys } from '../../../shared/commands'
import { keyLabel } from '../commands/key-hints'
import type { LastDecision } from '../store/decision-slice'
import { OUTCOME_WORDS } from '../ui/outcome-words'
import { clockTime, dayAndTime } from '../ui/time-format'

/** One backend's sync state in a few words; the full error is in the tooltip and in Settings, whose keys an error names. */
function SyncState({ status }: { status: BackendStatus }) {
  const settingsKeys = useAppStore((state) => keyLabel(commandKeys(state.keymap, 'go.settings')))
  const waiting = status.pendingPushes > 0 ? ` · ${status.pendingPushes} to send` : ''
  const text =
    status.state === 'syncing'
      ? `syncing… ${status.received > 0 ? status.received : ''}`
      : status.state === 'offline'
        ? 'offline'
        : status.state === 'error'
          ? `sync error (${settingsKeys})`
          : status.lastSyncAt
            ? `synced ${clockTime(status.lastSyncAt)}`
            : 'not synced yet'
  return (
    <span className={`sync-state sync-${status.state}`} title={status.lastError ?? status.name} data-testid={`sync-${status.id}`}>
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-name">{status.name}</span>
      <span>
        · {text}
        {waiting}
      </span>
    </span>
  )
}

/** Where the cheat sheet lists every key: its hint is kept when the bar has room for no other. */
const CHEAT_SHEET = 'app.cheatSheet'

/**
 * The last decision's words after its case: where a reroute sends it (apart from the backend it
 * goes to; the target's label is the backend's text, its hidden characters shown), until when it
 * is deferred.
 */
function DecisionEnd({ decision }: { decision: LastDecision }) {
  if (decision.rerouteTo !== undefined) {
    return (
      <>
        {' to '}
        <VisibleText text={decision.rerouteTo} />
      </>
    )
  }
  if (decision.deferUntil !== undefined) return ` until ${dayAndTime(decision.deferUntil)}`
  return null
}

/**
 * What the last decision did, then the case it was on: "Rejected “title”", "Chose “Shipping” for
 * “title”". Each part is an item of the status line's flex row; a long option label is cut first.
 */
function DecisionWords({ decision }: { decision: LastDecision }) {
  return (
    <>
      {OUTCOME_WORDS[decision.outcome]}{' '}
      {decision.optionLabel !== undefined && (
        <>
          <span className="option-label">
            “<VisibleText text={decision.optionLabel} />”
          </span>{' '}
          for{' '}
        </>
      )}
      <span className="status-title">
        “<VisibleText text={decision.title} />”
      </span>
    </>
  )
}

/**
 * What the next key does when it is not one of the screen's keys, in the order key-dispatch
 * decides it: a question (y/n), a key being bound, a decision waiting for its key again, the
 * shortcuts sheet, the history, a picker or the queue view, the keyboard in text. The bar
 * offered `j next · a approve` under each of them. Null: the screen's keys.
 */
function keysNowMode(state: AppState): KeysNowMode | null {
  if (state.confirmation) return 'question'
  if (state.capturingKeysFor) return 'binding'
  if (state.pendingConfirmation) return 'press-again'
  if (state.overlay === 'cheat-sheet') return 'cheat-sheet'
  if (state.history && !state.overlay && !state.picker) return 'history'
  if (state.picker || state.overlay === 'queue-view') return 'own-keys'
  if (state.proposalFocus === 'read-only') return 'read-only'
  if (state.proposalFocus === 'typing') return 'proposal'
  return state.textFocus ? 'text' : null
}
type KeysNowMode = 'question' | 'binding' | 'press-again' | 'cheat-sheet' | 'history' | 'own-keys' | 'read-only' | 'proposal' | 'text'

/** The key line for a `keysNowMode`. */
function KeysNow({ mode }: { mode: KeysNowMode }) {
  const confirmLabel = useAppStore((state) => state.confirmation?.confirmLabel)
  const pressAgain = useAppStore((state) => state.pendingConfirmation?.key)
  switch (mode) {
    case 'question':
      return <span><kbd>y</kbd> {confirmLabel} · <kbd>n</kbd> or <kbd>Esc</kbd> cancel</span>
    case 'binding':
      return <span>the next key becomes the shortcut · <kbd>Esc</kbd> cancels</span>
    case 'press-again':
      return <span><kbd>{pressAgain}</kbd> again confirms · any other key cancels</span>
    case 'cheat-sheet':
      return <span><kbd>Esc</kbd> closes the shortcuts</span>
    case 'history':
      return <span><kbd>Esc</kbd> closes the history</span>
    case 'own-keys':
      return <span>its own keys, listed in it · <kbd>Esc</kbd> closes it</span>
    case 'read-only':
      return <span>the proposal can no longer be edited · <kbd>Esc</kbd> leaves it</span>
    case 'proposal':
      return <span>keys type into the proposal · <kbd>Esc</kbd> done</span>
    case 'text':
      return <span>keys type into the field · <kbd>Esc</kbd> leaves it</span>
  }
}

export function StatusBar() {
  const counts = useAppStore((state) => state.counts)
  // A decision on a workspace no longer shown (the demo, once a backend replaced it) is not "last" here.
  const lastDecision = useAppStore((state) =>
    state.lastDecision && state.summary?.workspaces.some((workspace) => workspace.id === state.lastDecision!.workspaceId) ? state.lastDecision : null
  )
  const delivery = useAppStore((state) => (state.lastDecision ? state.delivery.get(state.lastDecision.decisionId) : undefined))
  const error = useAppStore((state) => state.error)
  const notice = useAppStore((state) => state.notice)
  const screen = useAppStore((state) => state.screen)
  const backendStatus = useAppStore((state) => state.backendStatus)
  const keymap = useAppStore((state) => state.keymap)
  // Compared as a string, so the bar renders again only when the keys it offers change.
  const advertised = useAppStore((state) => advertisedCommands(state).map((command) => command.id).join(' '))
  const hints = useMemo(() => {
    const ids = new Set(advertised.split(' '))
    return commandsFor(screen, keymap).filter((command) => ids.has(command.id))
  }, [advertised, screen, keymap])
  const cheatSheet = hints.find((command) => command.id === CHEAT_SHEET)
  const keysNow = useAppStore(keysNowMode)
  return (
    <footer className="status-bar">
      <span data-testid="pending-count">
        <strong>{counts.pending}</strong> pending
      </span>
      <span data-testid="decided-count" title="Cases decided on this device, in every session, in the workspaces the queue shows (rerouted ones too; the demo's leave the count when the demo leaves the queue); deferred cases and those waiting for information are not counted. Insights count every decision, these included.">
        <strong>{counts.decided}</strong> {counts.decided === 1 ? 'case' : 'cases'} decided
      </span>
      {backendStatus.map((status) => (
        <SyncState key={status.id} status={status} />
      ))}
      <span className="status-message" aria-live="polite">
        {error ? (
          <span className="status-error" role="alert" title={error}>
            {error} <kbd>Esc</kbd>
          </span>
        ) : notice ? (
          <span className="status-saved">{notice}</span>
        ) : (
          lastDecision && (
            delivery === 'undelivered' ? (
              // Recorded here, refused there: a warning, not a success mark, and where to deal with it.
              <span className="status-decision status-error" data-testid="last-decision">
                ⚠ <DecisionWords decision={lastDecision} />
                <DecisionEnd decision={lastDecision} />
                {` — not applied by backend ${lastDecision.workspaceName} (${keyLabel(commandKeys(keymap, 'go.undelivered'))})`}
              </span>
            ) : (
              <span className="status-decision status-saved" data-testid="last-decision">
                ✓ <DecisionWords decision={lastDecision} />
                <DecisionEnd decision={lastDecision} />
                {delivery === undefined ? ' — saved' : ` — delivered to backend ${lastDecision.workspaceName}`}
              </span>
            )
          )
        )}
      </span>
      {/* The room the message leaves: the hints that fit, whole (the others wrap onto a line not shown),
          and always the cheat sheet's, which lists every key. */}
      <span className="key-hints" aria-label="Keyboard shortcuts">
        {keysNow ? (
          <KeysNow mode={keysNow} />
        ) : (
          hints
            .filter((command) => command !== cheatSheet)
            .map((command) => (
              <span key={command.id}>
                <kbd>{keyLabel(command.keys)}</kbd> {command.hint}
              </span>
            ))
        )}
      </span>
      {cheatSheet && !keysNow && (
        <span className="key-hint-all">
          <kbd>{keyLabel(cheatSheet.keys)}</kbd> {cheatSheet.hint}
        </span>
      )}
    </footer>
  )
}
