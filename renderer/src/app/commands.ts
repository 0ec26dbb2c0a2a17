import { proposalText } from '../../../shared/domain/proposal-text'
import type { AppState } from '../store'
import { selectOpenCase } from '../store'
import type { Screen } from '../store/app-slice'
import { focusTarget } from './focus-targets'

/**
 * The command registry: every reviewer action, defined once. The key handler and the key hints
 * read from it, so a key shown is a key that works.
 */
export interface Command {
  id: string
  title: string
  /** `KeyboardEvent.key` values; a space separates the keys of a sequence (`g s`). */
  keys: string
  /** Screens where it applies; everywhere when absent. */
  screens?: readonly Screen[]
  /** A short label for the hint bar; commands without one are not advertised there. */
  hint?: string
  isEnabled?(state: AppState): boolean
  run(state: AppState): void
}

const hasOpenCase = (state: AppState) => selectOpenCase(state) !== undefined
const selectedBackend = (state: AppState) => state.backends[state.listIndex]
const selectedUndelivered = (state: AppState) => state.undelivered[state.listIndex]
const selectedAuditItem = (state: AppState) => state.auditItems[state.listIndex]

/** How many items the list on the current screen has. */
function listLength(state: AppState): number {
  if (state.screen === 'settings') return state.backends.length
  if (state.screen === 'audit') return state.auditItems.length
  return state.undelivered.length
}

export const COMMANDS: readonly Command[] = [
  // Review
  { id: 'queue.next', title: 'Next case', keys: 'j', screens: ['review'], hint: 'next', run: (s) => s.moveSelection(1) },
  { id: 'queue.previous', title: 'Previous case', keys: 'k', screens: ['review'], hint: 'previous', run: (s) => s.moveSelection(-1) },
  { id: 'decision.approve', title: 'Approve', keys: 'a', screens: ['review'], hint: 'approve', isEnabled: hasOpenCase, run: (s) => void s.approve() },
  {
    id: 'decision.reject',
    title: 'Reject with a reason',
    keys: 'r',
    screens: ['review'],
    hint: 'reject',
    isEnabled: hasOpenCase,
    run: (s) => s.openRejectPicker()
  },
  {
    id: 'audit.caseHistory',
    title: 'Show the history of this case',
    keys: 'h',
    screens: ['review'],
    hint: 'history',
    isEnabled: hasOpenCase,
    run: (s) => void s.openHistory(selectOpenCase(s)!.casePk)
  },
  {
    id: 'editor.focusDraft',
    title: 'Edit the proposal',
    keys: 'e',
    screens: ['review'],
    hint: 'edit',
    isEnabled: (s) => {
      const detail = selectOpenCase(s)
      return detail !== undefined && proposalText(detail.reviewCase).editableField !== null
    },
    run: () => focusTarget('draft')
  },

  // Lists (settings, undelivered decisions)
  {
    id: 'list.next',
    title: 'Next item',
    keys: 'j',
    screens: ['settings', 'undelivered', 'audit'],
    run: (s) => {
      s.moveListSelection(1, listLength(s))
      if (s.screen === 'audit' && s.listIndex > s.auditItems.length - 20) void s.loadMoreAudit()
    }
  },
  {
    id: 'list.previous',
    title: 'Previous item',
    keys: 'k',
    screens: ['settings', 'undelivered', 'audit'],
    run: (s) => s.moveListSelection(-1, listLength(s))
  },

  // Audit trail
  {
    id: 'audit.openHistory',
    title: 'Show the history of the selected decision’s case',
    keys: 'Enter',
    screens: ['audit'],
    hint: 'case history',
    isEnabled: (s) => selectedAuditItem(s) !== undefined,
    run: (s) => void s.openHistory(selectedAuditItem(s)!.casePk)
  },
  { id: 'audit.verify', title: 'Verify the whole chain', keys: 'v', screens: ['audit'], hint: 'verify', run: (s) => void s.verifyChain() },
  { id: 'audit.export', title: 'Export the audit log', keys: 'x', screens: ['audit'], hint: 'export log', run: (s) => void s.exportAuditLog() },

  // Settings
  { id: 'settings.addBackend', title: 'Add a backend', keys: 'n', screens: ['settings'], hint: 'add backend', run: (s) => s.openBackendForm({ mode: 'new' }) },
  {
    id: 'settings.editBackend',
    title: 'Edit the selected backend',
    keys: 'Enter',
    screens: ['settings'],
    hint: 'edit',
    isEnabled: (s) => selectedBackend(s)?.isDemo === false,
    run: (s) => s.openBackendForm({ mode: 'edit', id: selectedBackend(s)!.config.id })
  },
  {
    id: 'settings.removeBackend',
    title: 'Remove the selected backend',
    keys: 'x',
    screens: ['settings'],
    hint: 'remove',
    isEnabled: (s) => selectedBackend(s) !== undefined,
    run: (s) => {
      const backend = selectedBackend(s)!
      const waiting = s.backendStatus.find((status) => status.id === backend.config.id)?.pendingPushes ?? 0
      s.askToConfirm({
        message:
          `Remove “${backend.config.name}”? Its cases leave the queue; decisions already made stay in the audit trail.` +
          (waiting > 0 ? ` ${waiting} decision${waiting === 1 ? '' : 's'} not yet delivered will never be.` : ''),
        confirmLabel: 'remove',
        onConfirm: () => s.removeBackend(backend.config.id, true)
      })
    }
  },

  {
    id: 'settings.exportDecisions',
    title: 'Export decisions to a file',
    keys: 'e',
    screens: ['settings'],
    hint: 'export decisions',
    isEnabled: (s) => (selectedBackend(s)?.unexported ?? 0) > 0,
    run: (s) => void s.exportDecisions(selectedBackend(s)!.config.id)
  },

  {
    id: 'settings.rotateKey',
    title: 'Rotate the signing key',
    keys: 'K',
    screens: ['settings'],
    hint: 'new signing key',
    run: (s) =>
      s.askToConfirm({
        message: 'Make a new signing key? New decisions are signed with it; decisions signed with the current key stay verifiable.',
        confirmLabel: 'make a new key',
        onConfirm: () => s.rotateSigningKey()
      })
  },

  // Undelivered decisions
  {
    id: 'undelivered.redo',
    title: 'Decide the case again',
    keys: 'Enter',
    screens: ['undelivered'],
    hint: 'decide again',
    isEnabled: (s) => selectedUndelivered(s)?.canRedo === true,
    run: (s) => void s.resolveUndelivered(selectedUndelivered(s)!.decisionId, 'redo')
  },
  {
    id: 'undelivered.discard',
    title: 'Discard the decision',
    keys: 'x',
    screens: ['undelivered'],
    hint: 'discard',
    isEnabled: (s) => selectedUndelivered(s) !== undefined,
    run: (s) => void s.resolveUndelivered(selectedUndelivered(s)!.decisionId, 'discard')
  },

  // Everywhere
  { id: 'sync.now', title: 'Sync now', keys: 's', hint: 'sync', run: (s) => void s.syncNow() },
  { id: 'go.review', title: 'Go to review', keys: 'g r', run: (s) => s.showScreen('review') },
  { id: 'go.audit', title: 'Go to the audit trail', keys: 'g a', run: (s) => s.showScreen('audit') },
  { id: 'go.settings', title: 'Go to settings', keys: 'g s', run: (s) => s.showScreen('settings') },
  { id: 'go.undelivered', title: 'Go to undelivered decisions', keys: 'g u', run: (s) => s.showScreen('undelivered') }
]

export function commandsFor(screen: Screen): Command[] {
  return COMMANDS.filter((command) => !command.screens || command.screens.includes(screen))
}

/** The command a key sequence runs on a screen; `prefix` is true while a sequence is incomplete. */
export function matchKeys(screen: Screen, sequence: string): { command?: Command; prefix: boolean } {
  const candidates = commandsFor(screen)
  const command = candidates.find((c) => c.keys === sequence)
  const prefix = !command && candidates.some((c) => c.keys.startsWith(sequence + ' '))
  return { command, prefix }
}
