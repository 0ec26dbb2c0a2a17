import { AuditScreen } from '../features/audit/AuditScreen'
import { CaseHistoryPanel } from '../features/audit/CaseHistoryPanel'
import { CaseView } from '../features/case/CaseView'
import { CheatSheet } from '../features/commands/CheatSheet'
import { CommandPalette } from '../features/commands/CommandPalette'
import { ConfirmStrip } from '../features/decision/ConfirmStrip'
import { OutcomePicker } from '../features/decision/OutcomePicker'
import { InsightsScreen } from '../features/insights/InsightsScreen'
import { QueueViewPicker } from '../features/queue/QueueViewPicker'
import { TriageCounter } from '../features/queue/TriageCounter'
import { SlaBanner } from './SlaBanner'
import { CheckoutBanner } from '../features/queue/CheckoutBanner'
import { CheckoutDialog } from '../features/queue/CheckoutDialog'
import { UndeliveredScreen } from '../features/decision/UndeliveredScreen'
import { QueueList } from '../features/queue/QueueList'
import { useAppStore } from '../store'
import type { Screen } from '../store/app-slice'
import { ConfirmDialog } from './ConfirmDialog'
import { ProblemBanner } from './ProblemBanner'
import { StatusBar } from './StatusBar'
import { useGlobalKeys } from './use-global-keys'
import { useModalFocus } from '../ui/use-modal-focus'
import { commandKeys } from '../../../shared/commands'
import { keyLabel } from '../commands/key-hints'
import { lazyModule } from '../../../shared/lazy-module'
import { useLazyModule } from '../ui/lazy-module'

/**
 * Settings is a chunk of its own, kept out of the first screen: its backend form validates with
 * zod's schemas (building them took ~40 ms of every start). It is loaded once the first screen is
 * idle (at once if Settings is opened sooner), so `g s` and the key after it (`m`, `n`) find the
 * screen there. Not React.lazy: its first render always suspends, and React holds a suspended
 * screen back for 300 ms, long enough to lose the key typed after `g s`.
 */
const settingsScreen = lazyModule(() => import('../features/settings/SettingsScreen'))
const settingsFailed = (error: unknown) => useAppStore.getState().showFailure('Could not load Settings', error)

/** The screens' tabs, each with the command that goes there (its keys are the reviewer's). */
const SCREENS: { screen: Screen; label: string; command: string }[] = [
  { screen: 'review', label: 'Review', command: 'go.review' },
  { screen: 'insights', label: 'Insights', command: 'go.insights' },
  { screen: 'undelivered', label: 'Not applied', command: 'go.undelivered' },
  { screen: 'audit', label: 'Audit', command: 'go.audit' },
  { screen: 'settings', label: 'Settings', command: 'go.settings' }
]

export function App() {
  const summary = useAppStore((state) => state.summary)
  const screen = useAppStore((state) => state.screen)
  const undeliveredCount = useAppStore((state) => state.backendStatus.reduce((sum, status) => sum + status.undelivered, 0))
  const triage = useAppStore((state) => state.triage)
  const keymap = useAppStore((state) => state.keymap)
  const hiddenProblems = useAppStore((state) => state.hiddenProblems)
  useGlobalKeys()
  useModalFocus()
  const settings = useLazyModule(settingsScreen, {
    now: screen === 'settings',
    whenIdle: true,
    idleTimeoutMs: 1_000,
    onFailure: settingsFailed
  })

  const isDemo = summary?.workspaces.some((workspace) => workspace.isDemo) ?? false
  return (
    <div className="app">
      <header className="app-bar">
        <span className="app-name">Countersign</span>
        <span className="workspace-name">
          <span className="workspace-names">{summary?.workspaces.map((workspace) => workspace.name).join(' · ')}</span>
          {isDemo && <span className="badge badge-demo">Demo</span>}
        </span>
        <nav className="screen-tabs" aria-label="Screens">
          {SCREENS.map((tab) => (
            <span key={tab.screen} className={tab.screen === screen ? 'current' : undefined} aria-current={tab.screen === screen ? 'page' : undefined}>
              {tab.label}
              {tab.screen === 'undelivered' && undeliveredCount > 0 && <span className="count-badge">{undeliveredCount}</span>} <kbd>{keyLabel(commandKeys(keymap, tab.command))}</kbd>
            </span>
          ))}
        </nav>
        {triage && screen === 'review' && <TriageCounter />}
        <span className="reviewer muted">{summary?.reviewer}</span>
      </header>
      <SlaBanner />
      <CheckoutBanner />
      {/* Settings lists this run's problems in full ("Problems this run"): no banner pointing there. */}
      {summary?.problems
        .filter((problem) => screen !== 'settings' && !hiddenProblems.has(problem))
        .map((problem) => (
          <ProblemBanner key={problem} problem={problem} />
        ))}
      {screen === 'review' ? (
        <div className={triage ? 'workbench triage' : 'workbench'}>
          {!triage && <QueueList />}
          <CaseView />
        </div>
      ) : screen === 'settings' ? (
        settings ? <settings.SettingsScreen /> : <main className="screen" aria-busy="true" aria-label="Settings" />
      ) : screen === 'audit' ? (
        <AuditScreen />
      ) : screen === 'insights' ? (
        <InsightsScreen />
      ) : (
        <UndeliveredScreen />
      )}
      <ConfirmStrip />
      <StatusBar />
      <OutcomePicker />
      <CaseHistoryPanel />
      <ConfirmDialog />
      <CommandPalette />
      <QueueViewPicker />
      <CheckoutDialog />
      <CheatSheet />
    </div>
  )
}
