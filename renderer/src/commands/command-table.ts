import { boundCommands, DIGIT_KEYS, UNBOUND, type CommandSpec, type Keymap, type Screen } from '../../../shared/commands'
import { refusedAnswer } from '../../../shared/domain/offered-answers'
import { editableField } from '../../../shared/domain/proposal-text'
import { numbersChooseOptions } from '../../../shared/domain/option-effect'
import type { AppState } from '../store'
import { selectOpenCase } from '../store/selectors'
import { typedReason, type DecisionPress } from '../store/decision-slice'
import { chartCsv, insightCharts } from '../store/insight-charts'
import { focusTarget } from '../ui/focus-targets'
import { pageScroll } from '../ui/page-scroll'

/**
 * What each command in shared/commands.ts does. The specs say which keys and where; this says
 * when it is available and what it runs. The key handler, the hint bar, the palette and the cheat
 * sheet all go through `commandsFor`.
 */
interface Handler {
  isEnabled?(state: AppState): boolean
  /**
   * Whether the status bar offers it now (default: `isEnabled`). Narrower for a key that, though
   * it runs, would only say why it does nothing: `a` on a tool call that allows no plain
   * acceptance, `s` with no backend to sync.
   */
  isOffered?(state: AppState): boolean
  /** Runs the command for a press: the key name it matched, and when (decisions check both). */
  run(state: AppState, press: DecisionPress): void
}

export type Command = CommandSpec & Handler

const hasOpenCase = (state: AppState) => selectOpenCase(state) !== undefined
/** Whether the case holds the reviewer's edits, or edits a revision set aside. */
const holdsEdits = (state: AppState, casePk: number) => state.drafts.has(casePk) || state.setAsideEdits.has(casePk)
const openKind = (state: AppState) => selectOpenCase(state)?.reviewCase.kind
const selectedBackend = (state: AppState) => state.backends[state.listIndex]
const selectedUndelivered = (state: AppState) => state.undelivered[state.listIndex]
const selectedAuditItem = (state: AppState) => state.auditItems[state.listIndex]

/** Runs `action` unless the press was typed amid other keys (`typedReason`); then the status bar says why. */
function unlessTyped(state: AppState, press: DecisionPress, action: () => void): void {
  const typed = typedReason(state, press)
  if (typed) state.showError(typed)
  else action()
}

/** The chart that has the keyboard on the insights screen. */
function focusedChart(state: AppState) {
  return state.insights ? insightCharts(state.insights)[state.listIndex] : undefined
}

function listLength(state: AppState): number {
  if (state.screen === 'settings') return state.backends.length
  if (state.screen === 'audit') return state.auditItems.length
  if (state.screen === 'insights') return state.insights ? insightCharts(state.insights).length : 0
  return state.undelivered.length
}

const HANDLERS: Record<string, Handler> = {
  'queue.next': { isEnabled: (s) => s.total > 0, run: (s) => s.moveSelection(1) },
  'queue.previous': { isEnabled: (s) => s.total > 0, run: (s) => s.moveSelection(-1) },
  'queue.filter': { run: (s) => s.setOverlay('filter') },
  'queue.view': { run: (s) => s.setOverlay('queue-view') },
  'review.triage': { run: (s) => s.toggleTriage() },
  'editor.focus': {
    isEnabled: (s) => {
      const detail = selectOpenCase(s)
      return detail !== undefined && (detail.reviewCase.kind === 'field-verification' || editableField(detail.reviewCase) !== null)
    },
    run: (s) => focusTarget(openKind(s) === 'field-verification' ? 'fields' : 'draft')
  },
  'editor.dropEdits': {
    // On a case without edits it says so, rather than nothing.
    isEnabled: hasOpenCase,
    // Offered while there are edits to drop; the notice of a drop says how to bring them back.
    isOffered: (s) => {
      const casePk = selectOpenCase(s)?.casePk
      return casePk !== undefined && holdsEdits(s, casePk)
    },
    // Not for an E typed amid other keys: it changes what a decision records.
    run: (s, press) =>
      unlessTyped(s, press, () => {
        const casePk = selectOpenCase(s)!.casePk
        if (s.droppedEdits.has(casePk) && !holdsEdits(s, casePk)) s.bringBackEdits(casePk)
        else s.dropEdits(casePk)
      })
  },
  'merge.nextField': { isEnabled: (s) => openKind(s) === 'record-merge', run: (s) => s.moveMergeField(1) },
  'merge.previousField': { isEnabled: (s) => openKind(s) === 'record-merge', run: (s) => s.moveMergeField(-1) },
  'audit.caseHistory': { isEnabled: hasOpenCase, run: (s) => void s.openHistory(selectOpenCase(s)!.casePk) },
  // Holding or handing back the whole queue is not for a c or C typed amid other keys either.
  'claims.checkout': {
    isEnabled: (s) => s.total > 0,
    run: (s, press) =>
      unlessTyped(s, press, () =>
        // The demo is built in: no backend holds its cases for anyone, so there is nothing to take.
        s.summary?.workspaces.every((workspace) => workspace.isDemo)
          ? s.showNotice('The demo’s cases are built in, with no backend to hold them for you: add a backend in Settings to take its cases into the field.')
          : s.setOverlay('checkout')
      )
  },
  'claims.return': {
    isEnabled: (s) => [...s.holds.values()].some((hold) => hold.purpose === 'checkout'),
    run: (s, press) => unlessTyped(s, press, () => void s.returnCheckedOut())
  },

  'decision.approve': {
    isEnabled: hasOpenCase,
    isOffered: (s) => {
      const detail = selectOpenCase(s)
      return detail !== undefined && refusedAnswer(detail.reviewCase, 'approve', Object.keys(s.drafts.get(detail.casePk) ?? {}).length > 0) === null
    },
    run: (s, press) => void s.approve(press)
  },
  'decision.pick': { isEnabled: hasOpenCase, run: (s, press) => void s.pick(Number(press.key) - 1, press) },
  'decision.reject': { isEnabled: hasOpenCase, run: (s, press) => s.openPicker('reject', press) },
  'decision.reroute': { isEnabled: hasOpenCase, run: (s, press) => s.openPicker('reroute', press) },
  'decision.defer': { isEnabled: hasOpenCase, run: (s, press) => s.openPicker('defer', press) },
  'decision.needsInfo': { isEnabled: hasOpenCase, run: (s, press) => s.openPicker('needs-info', press) },
  'decision.undo': {
    // Not offered once the last decision's undo window has passed or it has left this device: u
    // would only say it cannot be undone. With none made this run (or it was undone), the services
    // say whether one from before still can be.
    isOffered: (s) => (s.lastDecision ? s.lastDecision.undoable && !s.delivery.has(s.lastDecision.decisionId) : Boolean(s.summary?.undoableUntil)),
    run: (s, press) => void s.undo(press)
  },
  'decision.takeOver': { run: (s, press) => s.openPicker('take-over', press) },

  'list.next': {
    run: (s) => {
      s.moveListSelection(1, listLength(s))
      if (s.screen === 'audit' && s.listIndex > s.auditItems.length - 20) void s.loadMoreAudit()
    }
  },
  'list.previous': { run: (s) => s.moveListSelection(-1, listLength(s)) },
  'undelivered.redo': {
    // Offered for every entry: one that cannot be decided again says why (the service refuses it), rather than nothing.
    isEnabled: (s) => selectedUndelivered(s) !== undefined,
    run: (s, press) => unlessTyped(s, press, () => void s.resolveUndelivered(selectedUndelivered(s)!.decisionId, 'redo'))
  },
  'undelivered.discard': {
    isEnabled: (s) => selectedUndelivered(s) !== undefined,
    // Discarding is a decision too, with no prompt: not for an x typed amid other keys ("proxy").
    run: (s, press) => unlessTyped(s, press, () => void s.resolveUndelivered(selectedUndelivered(s)!.decisionId, 'discard'))
  },

  'insights.table': { isEnabled: (s) => focusedChart(s) !== undefined, run: (s) => s.toggleChartTable(focusedChart(s)!.id) },
  'insights.reload': { run: (s) => void s.loadInsights() },
  'insights.export': {
    isEnabled: (s) => focusedChart(s) !== undefined,
    run: (s) => {
      const chart = focusedChart(s)!
      void s.exportCsv(chart.id, chartCsv(chart))
    }
  },

  'audit.openHistory': { isEnabled: (s) => selectedAuditItem(s) !== undefined, run: (s) => void s.openHistory(selectedAuditItem(s)!.casePk) },
  'audit.verify': { run: (s) => void s.verifyChain() },
  'audit.export': { run: (s) => void s.exportAuditLog() },

  'settings.addBackend': { run: (s) => s.openBackendForm({ mode: 'new' }) },
  'settings.editBackend': {
    isEnabled: (s) => selectedBackend(s)?.isDemo === false,
    run: (s) => s.openBackendForm({ mode: 'edit', id: selectedBackend(s)!.config.id })
  },
  'settings.removeBackend': {
    isEnabled: (s) => selectedBackend(s) !== undefined,
    run: (s) => {
      const backend = selectedBackend(s)!
      const waiting = s.backendStatus.find((status) => status.id === backend.config.id)?.pendingPushes ?? 0
      // The demo leaves with the first backend added and comes back with the last one removed (BackendSettings.remove).
      const lastBackend = !backend.isDemo && s.backends.every((other) => other === backend || other.isDemo)
      const demo = backend.isDemo ? ' Once removed, it comes back only after you add a backend and later remove every one.' : lastBackend ? ' With no backend left, the demo workspace comes back.' : ''
      s.askToConfirm({
        message:
          `Remove “${backend.config.name}”? Its cases leave the queue; decisions already made stay in the audit trail.${demo}` +
          (waiting > 0 ? ` ${waiting} decision${waiting === 1 ? '' : 's'} not yet delivered will never be.` : ''),
        confirmLabel: 'remove',
        onConfirm: () => s.removeBackend(backend.config.id, true)
      })
    }
  },
  'settings.exportDecisions': {
    isEnabled: (s) => (selectedBackend(s)?.unexported ?? 0) > 0,
    // Exporting marks the decisions exported (the file is what carries them back): not for an e typed amid other keys ("export").
    run: (s, press) => unlessTyped(s, press, () => void s.exportDecisions(selectedBackend(s)!.config.id))
  },
  'settings.rotateKey': {
    run: (s) =>
      s.askToConfirm({
        message: 'Make a new signing key? New decisions are signed with it; decisions signed with the current key stay verifiable.',
        confirmLabel: 'make a new key',
        onConfirm: () => s.rotateSigningKey()
      })
  },
  'settings.keymap': { run: () => focusTarget('keymap') },

  'go.review': { run: (s) => s.showScreen('review') },
  'go.insights': { run: (s) => s.showScreen('insights') },
  'go.undelivered': { run: (s) => s.showScreen('undelivered') },
  'go.audit': { run: (s) => s.showScreen('audit') },
  'go.settings': { run: (s) => s.showScreen('settings') },

  'view.pageDown': { run: () => void pageScroll(1) },
  'view.pageUp': { run: () => void pageScroll(-1) },
  // The demo is built in: with no backend, s only says there is nothing to sync.
  'sync.now': { isOffered: (s) => s.summary?.workspaces.some((workspace) => !workspace.isDemo) ?? false, run: (s) => void s.syncNow() },
  'app.palette': { run: (s) => s.setOverlay('palette') },
  'app.cheatSheet': { run: (s) => s.setOverlay(s.overlay === 'cheat-sheet' ? null : 'cheat-sheet') }
}

/** `allCommands` of each keymap seen: asked for at every key press and store update. */
const commandsByKeymap = new WeakMap<Keymap, Command[]>()

/** Every command with the reviewer's keys, and what it does. */
export function allCommands(keymap: Keymap): Command[] {
  let commands = commandsByKeymap.get(keymap)
  if (!commands) {
    commands = boundCommands(keymap).map((spec) => {
      const handler = HANDLERS[spec.id]
      if (!handler) throw new Error(`No handler for command ${spec.id}`)
      return { ...spec, ...handler }
    })
    commandsByKeymap.set(keymap, commands)
  }
  return commands
}

export function commandsFor(screen: Screen, keymap: Keymap): Command[] {
  return allCommands(keymap).filter((command) => !command.screens || command.screens.includes(screen))
}

/**
 * The commands the status bar advertises now, in table order: those with a hint, on the screen
 * shown, that would do something (`isEnabled`): no "edit" for a proposal that cannot be edited,
 * no "approve" or "next" with no case open; none without keys.
 */
export function advertisedCommands(state: AppState): Command[] {
  return commandsFor(state.screen, state.keymap).filter((command) => {
    if (!command.hint || command.keys === UNBOUND) return false
    const offered = command.isOffered ?? command.isEnabled
    return !offered || offered(state)
  })
}

/** The command a key sequence runs on a screen; `prefix` is true while a sequence is incomplete. */
export function matchKeys(screen: Screen, sequence: string, keymap: Keymap): { command?: Command; prefix: boolean } {
  const candidates = commandsFor(screen, keymap)
  const command = candidates.find((c) => c.keys === sequence || (c.keys === DIGIT_KEYS && /^[1-9]$/.test(sequence)))
  const prefix = !command && candidates.some((c) => c.keys.startsWith(sequence + ' '))
  return { command, prefix }
}

/** One entry of the palette: a command, the key it runs as, and the title that says so. */
export interface CommandChoice {
  command: Command
  key: string
  title: string
}

/**
 * How many things the number keys pick on the open case, at most nine: a merge's records, the
 * options where numbers choose them (`numbersChooseOptions`), else none.
 */
export function pickableCount(state: AppState): number {
  const reviewCase = selectOpenCase(state)?.reviewCase
  if (!reviewCase) return 0
  const count = reviewCase.kind === 'record-merge' ? reviewCase.proposal.records.length : numbersChooseOptions(reviewCase) ? reviewCase.options.length : 0
  return Math.min(count, 9)
}

/**
 * The palette's entries on a screen: each command as it is, except the number-key command, which
 * is one entry per digit up to `digits` ("… 3", run as the key `3`; `pickableCount`), so each
 * entry picks what its title says.
 */
export function commandChoices(screen: Screen, keymap: Keymap, digits = 9): CommandChoice[] {
  return commandsFor(screen, keymap).flatMap((command) =>
    command.keys === DIGIT_KEYS
      ? Array.from({ length: digits }, (_, index) => String(index + 1)).map((digit) => ({ command, key: digit, title: command.title.replace('1–9', digit) }))
      : [{ command, key: command.keys, title: command.title }]
  )
}

/**
 * Runs a command chosen in the palette or a menu as a press of `key` (by default the command's
 * keys) made now, with the same guards as its keys: only where it applies and when it is enabled;
 * a decision only on a case already seen. The number-key command needs its digit: without one
 * (the menu) it picks nothing and the status bar says to press the number.
 */
export function runChosenCommand(state: AppState, id: string, key?: string): void {
  const command = commandsFor(state.screen, state.keymap).find((candidate) => candidate.id === id)
  if (!command || (command.isEnabled && !command.isEnabled(state))) return
  const pressed = key ?? command.keys
  if (pressed === DIGIT_KEYS) return state.showNotice('Press the number 1–9 of the option to pick it.')
  command.run(state, { key: pressed, at: performance.now() })
}
