import { beforeEach, describe, expect, it } from 'vitest'
import { advertisedCommands, allCommands, commandChoices, commandsFor, matchKeys } from '../../../renderer/src/commands/command-table'
import { createKeyDispatcher } from '../../../renderer/src/commands/key-dispatch'
import { keyLabel } from '../../../renderer/src/commands/key-hints'
import { paletteMatchScore } from '../../../renderer/src/commands/palette-match'
import { useAppStore } from '../../../renderer/src/store'
import { shownSlaWarnings } from '../../../renderer/src/store/selectors'
import { COMMAND_SPECS, commandKeys, DIGIT_KEYS } from '../../../shared/commands'
import { generatedTextCase } from '../../fixtures/case-generator'

// The command table, key hints and the window's key dispatch, in Node with the real store.

const initial = useAppStore.getState()
beforeEach(() => useAppStore.setState(initial, true))

describe('the command table', () => {
  it('gives every command in shared/commands.ts something to do', () => {
    expect(allCommands({}).map((command) => command.id)).toEqual(COMMAND_SPECS.map((spec) => spec.id))
    for (const command of allCommands({})) expect(typeof command.run, command.id).toBe('function')
  })

  it('matches sequences and their prefixes, on the screens a command applies to', () => {
    expect(matchKeys('review', 'g', {})).toEqual({ command: undefined, prefix: true })
    expect(matchKeys('review', 'g s', {}).command?.id).toBe('go.settings')
    expect(matchKeys('review', 'j', {}).command?.id).toBe('queue.next')
    expect(matchKeys('settings', 'j', {}).command?.id).toBe('list.next')
    expect(matchKeys('review', '7', {}).command?.id).toBe('decision.pick')
    expect(matchKeys('settings', 'a', {})).toEqual({ command: undefined, prefix: false })
    expect(commandsFor('insights', {}).some((command) => command.id === 'decision.approve')).toBe(false)
  })

  it('follows the reviewer’s keymap: the new key runs the command and the old one nothing', () => {
    const keymap = { 'queue.next': 'l' }
    expect(matchKeys('review', 'l', keymap).command?.id).toBe('queue.next')
    expect(matchKeys('review', 'j', keymap).command).toBeUndefined()
  })

  it('lists the number-key command in the palette once per digit, each titled and run by its digit', () => {
    const picks = commandChoices('review', {}).filter((choice) => choice.command.keys === DIGIT_KEYS)
    expect(picks.map((choice) => choice.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(picks[2]!.title).toBe('Pick option, label or surviving value 3')
    // On a case with five categories, the palette offers five.
    expect(commandChoices('review', {}, 5).filter((choice) => choice.command.keys === DIGIT_KEYS).map((choice) => choice.key)).toEqual(['1', '2', '3', '4', '5'])
  })
})

describe('the status bar’s hints', () => {
  it('offer only keys that would do something: nothing to decide or move to in an empty queue', () => {
    useAppStore.setState({ screen: 'review', total: 0 })
    const advertised = advertisedCommands(useAppStore.getState()).map((command) => command.id)
    for (const id of ['queue.next', 'queue.previous', 'editor.focus', 'decision.approve', 'decision.reject']) expect(advertised, id).not.toContain(id)
    expect(advertised).toContain('app.cheatSheet')
    // s with only the built-in demo would only say there is nothing to sync; with a backend it is offered.
    expect(advertised).not.toContain('sync.now')
    useAppStore.setState({ summary: { workspaces: [{ id: 'team', name: 'Team', isDemo: false }], counts: { pending: 0, decided: 0 }, reviewer: 'dana', problems: [], undoableUntil: null, secretStorage: 'memory' } })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).toContain('sync.now')
    // u is offered until the last decision's undo window has passed or it is known to have left this
    // device; with none made this run, only while the services say one from before can be undone.
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).not.toContain('decision.undo')
    useAppStore.setState({ summary: { ...useAppStore.getState().summary!, undoableUntil: new Date(Date.now() + 30_000).toISOString() } })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).toContain('decision.undo')
    const lastDecision = { decisionId: 'd1', title: 'A case', outcome: 'approve' as const, workspaceId: 'team', workspaceName: 'Team', undoable: true }
    useAppStore.setState({ lastDecision })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).toContain('decision.undo')
    useAppStore.setState({ lastDecision: { ...lastDecision, undoable: false } })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).not.toContain('decision.undo')
    useAppStore.setState({ lastDecision, delivery: new Map([['d1', 'delivered']]) })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).not.toContain('decision.undo')
    useAppStore.setState({ total: 3 })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).toContain('queue.next')
  })
})

describe('a keymap saved before a command came with its keys', () => {
  it('runs what the reviewer bound the keys to, and offers the newcomer without keys, as “no key”', () => {
    const keymap = { 'decision.reroute': 'E' }
    expect(matchKeys('review', 'E', keymap).command?.id).toBe('decision.reroute')
    expect(commandChoices('review', keymap).find((choice) => choice.command.id === 'editor.dropEdits')?.key).toBe('')
    expect(keyLabel(commandKeys(keymap, 'editor.dropEdits'))).toBe('no key')
    // A case open with edits: offered with its default keys, not without keys.
    useAppStore.setState({ screen: 'review', drafts: new Map([[1, { text: 'x' }]]), departedCase: 1, cases: new Map([[1, { casePk: 1, state: 'pending', reviewCase: generatedTextCase('unbound-1') } as never]]) })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).toContain('editor.dropEdits')
    useAppStore.setState({ keymap })
    expect(advertisedCommands(useAppStore.getState()).map((command) => command.id)).not.toContain('editor.dropEdits')
  })
})

describe('key hints', () => {
  it('show the live keymap, arrows as arrows, and refuse a command that does not exist', () => {
    expect(commandKeys({}, 'go.review')).toBe('g r')
    expect(commandKeys({ 'go.review': 'R' }, 'go.review')).toBe('R')
    // Fixed commands keep their keys whatever a keymap file says.
    expect(commandKeys({ 'decision.pick': 'p' }, 'decision.pick')).toBe(DIGIT_KEYS)
    expect(keyLabel(commandKeys({}, 'merge.nextField'))).toBe('↓')
    expect(keyLabel('g s')).toBe('g s')
    // Platform key names: Ctrl elsewhere, ⌘ on Apple keyboards.
    expect(keyLabel(commandKeys({}, 'app.palette'), false)).toBe('Ctrl+K')
    expect(keyLabel(commandKeys({}, 'app.palette'), true)).toBe('⌘K')
    expect(keyLabel('Shift+Enter', false)).toBe('Shift+Enter')
    expect(keyLabel('+', false)).toBe('+')
    expect(keyLabel(DIGIT_KEYS, false)).toBe('1-9')
    expect(() => commandKeys({}, 'go.nowhere')).toThrow('No command “go.nowhere”')
  })
})

/** A `keydown` as the browser sends it for a key pressed once (W3C UI Events fields). */
function keydown(key: string, code = '') {
  let prevented = false
  const event = {
    key,
    code,
    // As an OS sends a capital: with Shift (without it, Caps Lock is on and it is the small letter).
    shiftKey: key.length === 1 && key !== key.toLowerCase(),
    repeat: false,
    isComposing: false,
    keyCode: 0,
    timeStamp: 1000,
    target: null,
    get defaultPrevented() {
      return prevented
    },
    preventDefault: () => (prevented = true),
    stopPropagation: () => {}
  }
  return event as unknown as KeyboardEvent
}

describe('the key dispatcher', () => {
  it('runs a two-key sequence, and tells background sync about every key', () => {
    let inputs = 0
    const keys = createKeyDispatcher(useAppStore.getState, () => inputs++)
    useAppStore.setState({ screen: 'insights' })
    const g = keydown('g')
    keys.keydown(g)
    expect(g.defaultPrevented).toBe(true)
    expect(useAppStore.getState().screen).toBe('insights')
    keys.keydown(keydown('r'))
    expect(useAppStore.getState().screen).toBe('review')
    expect(inputs).toBe(2)
    keys.dispose()
  })

  it('the cheat sheet swallows every key until its own (remapped) key or Esc closes it', () => {
    const keys = createKeyDispatcher(useAppStore.getState, () => {})
    useAppStore.setState({ keymap: { 'app.cheatSheet': 'H' } })
    keys.keydown(keydown('H'))
    expect(useAppStore.getState().overlay).toBe('cheat-sheet')
    const j = keydown('j')
    keys.keydown(j)
    expect(j.defaultPrevented).toBe(true)
    expect(useAppStore.getState().selectedIndex).toBe(0)
    keys.keydown(keydown('H'))
    expect(useAppStore.getState().overlay).toBeNull()
    keys.keydown(keydown('H'))
    keys.keydown(keydown('Escape'))
    expect(useAppStore.getState().overlay).toBeNull()
    keys.dispose()
  })

  it('Esc drops a decision waiting for its confirming key, through the decision slice', () => {
    const keys = createKeyDispatcher(useAppStore.getState, () => {})
    useAppStore.setState({ pendingConfirmation: { key: 'a', message: 'This cannot be undone.', casePk: 1, draft: { outcome: 'approve' }, edited: undefined, shownAt: 0 } })
    useAppStore.getState().showError('Not confirmed: “a” came 20 ms after the prompt appeared (reaction time 150 ms). Press again to confirm.')
    keys.keydown(keydown('Escape'))
    // The refusal that asked for another press goes with the prompt, and the bar says nothing was decided.
    expect(useAppStore.getState()).toMatchObject({ pendingConfirmation: null, error: null, notice: 'Cancelled, nothing decided.' })
    keys.dispose()
  })
  it('Esc dismisses the due-soon line only when it shows: a warning for a case decided since is not a thing open', () => {
    const keys = createKeyDispatcher(useAppStore.getState, () => {})
    const problems = ['No system keychain this run.']
    const summary = { workspaces: [{ id: 'team', name: 'Team', isDemo: false }], counts: { pending: 1, decided: 0 }, reviewer: 'dana', problems, undoableUntil: null, secretStorage: 'memory' as const }
    const warning = { casePk: 7, workspaceId: 'team', title: 'Refund', dueAt: new Date(Date.now() + 60_000).toISOString() }
    useAppStore.setState({ summary, slaWarnings: [warning], queueStats: { warnedPending: [] } } as never)
    expect(shownSlaWarnings(useAppStore.getState())).toEqual([])
    keys.keydown(keydown('Escape'))
    // Nothing shown was due soon: the Esc went to the banner on screen.
    expect(useAppStore.getState().hiddenProblems.size).toBe(1)
    keys.dispose()
  })

  it('Esc hides the problem banners once nothing else is open, and r on insights loads them again', () => {
    const keys = createKeyDispatcher(useAppStore.getState, () => {})
    const problems = ['No system keychain this run.']
    useAppStore.setState({ summary: { workspaces: [], counts: { pending: 0, decided: 0 }, reviewer: 'dana', problems, undoableUntil: null, secretStorage: 'memory' }, error: 'Could not load the queue: gone' })
    keys.keydown(keydown('Escape'))
    expect(useAppStore.getState().error).toBeNull()
    expect(useAppStore.getState().hiddenProblems.size).toBe(0)
    const esc = keydown('Escape')
    keys.keydown(esc)
    expect(esc.defaultPrevented).toBe(true)
    expect([...useAppStore.getState().hiddenProblems]).toEqual(problems)
    let loads = 0
    useAppStore.setState({ screen: 'insights', loadInsights: async () => void loads++ })
    keys.keydown(keydown('r'))
    expect(loads).toBe(1)
    keys.dispose()
  })
})

describe('the palette’s matching', () => {
  const entries = commandChoices('review', {}).map(({ command, title }) => ({ title, value: `${title} ${command.id}`, keywords: command.keywords }))
  const found = (search: string) =>
    entries
      .map((entry) => ({ title: entry.title, score: paletteMatchScore(entry.value, search, entry.keywords) }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score)
      .map((entry) => entry.title)

  it('matches typed words to the starts of words, not letters scattered through a title', () => {
    expect(found('insig')).toEqual(['Go to insights'])
    expect(found('surviving value 2')).toEqual(['Pick option, label or surviving value 2'])
    expect(found('rej')).toEqual(['Reject with a reason'])
    expect(found('xyz')).toEqual([])
  })

  it('forgives a letter left out of a word, from its first letter on', () => {
    expect(found('settngs')).toEqual(['Go to settings'])
    expect(paletteMatchScore('Go to settings go.settings', 'settngs')).toBe(0.25)
    expect(found('nsights')).toEqual([])
  })

  it('puts a title that starts with what was typed first, and finds command ids’ words last', () => {
    expect(found('go to')[0]).toMatch(/^Go to /)
    expect(paletteMatchScore('Approve decision.approve', 'app')).toBe(1)
    expect(paletteMatchScore('Go to insights go.insights', 'insights')).toBe(0.75)
    expect(paletteMatchScore('Keyboard shortcuts app.cheatSheet', 'cheat')).toBe(0.5)
  })

  it('finds a command by the words other tools call it, after those of its title', () => {
    const dropEdits = 'Drop your edits: the proposal as sent (press again to bring them back)'
    for (const search of ['revert', 'discard edits', 'reset', 'restore', 'original', 'undo edits']) expect(found(search)[0]).toBe(dropEdits)
    // The title's own words still come first: "undo" is the decision's undo before the edits'.
    expect(found('undo')).toEqual(['Undo the last decision', dropEdits])
    expect(paletteMatchScore(`${dropEdits} editor.dropEdits`, 'revert', ['revert'])).toBe(0.5)
  })

  it('ignores case and accents', () => {
    expect(paletteMatchScore('Go to the audit trail go.audit', 'AUDÍT')).toBeGreaterThan(0)
  })
})
