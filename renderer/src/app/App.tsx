import { useEffect } from 'react'
import { CaseView } from '../features/case/CaseView'
import { RejectReasonPicker } from '../features/decision/RejectReasonPicker'
import { QueueList } from '../features/queue/QueueList'
import { useAppStore } from '../store'
import { errorMessage } from '../api/bridge'
import { StatusBar } from './StatusBar'
import { useGlobalKeys } from './use-global-keys'

export function App() {
  const summary = useAppStore((state) => state.summary)
  useGlobalKeys()

  useEffect(() => {
    const { loadSummary, loadQueue, showError } = useAppStore.getState()
    Promise.all([loadSummary(), loadQueue()]).catch((error: unknown) =>
      showError(`Could not open the workspace: ${errorMessage(error)}`)
    )
  }, [])

  const isDemo = summary?.workspaces.some((workspace) => workspace.isDemo) ?? false
  return (
    <div className="app">
      <header className="app-bar">
        <span className="app-name">Countersign</span>
        <span className="workspace-name">
          {summary?.workspaces.map((workspace) => workspace.name).join(' · ')}
          {isDemo && <span className="badge badge-demo">Demo</span>}
        </span>
        <span className="reviewer muted">{summary?.reviewer}</span>
      </header>
      <div className="workbench">
        <QueueList />
        <CaseView />
      </div>
      <StatusBar />
      <RejectReasonPicker />
    </div>
  )
}
