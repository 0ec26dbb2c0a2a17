import { lazy, Suspense } from 'react'
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
import { StatusBar } from './StatusBar'
import { useGlobalKeys } from './use-global-keys'
import { useModalFocus } from '../ui/use-modal-focus'
import { commandKeys, keyLabel } from '../commands/key-hints'

/**
 * Settings is a chunk of its own, loaded when first opened: its backend form validates with zod's
 * schemas, which the first screen never needs (building them took ~40 ms of every start).
 */
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen').then((module) => ({ default: module.SettingsScreen })))

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

  const isDemo = summary?.workspaces.some((workspace) => workspace.isDemo) ?? false
  return (
    <div className="app">
      <header className="app-bar">
        <span className="app-name">Countersign</span>
        <span className="workspace-name">
          {summary?.workspaces.map((workspace) => workspace.name).join(' · ')}
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
      {summary?.problems
        .filter((problem) => !hiddenProblems.has(problem))
        .map((problem) => (
          <p key={problem} className="problem-banner" role="alert">
            {problem} <span className="banner-hint"><kbd>Esc</kbd> hide until restart</span>
          </p>
        ))}
      {screen === 'review' ? (
        <div className={triage ? 'workbench triage' : 'workbench'}>
          {!triage && <QueueList />}
          <CaseView />
        </div>
      ) : screen === 'settings' ? (
        <Suspense fallback={<main className="screen" aria-busy="true" aria-label="Settings" />}>
          <SettingsScreen />
        </Suspense>
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
