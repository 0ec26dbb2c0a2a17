// First, before React: starts the first screen's loads (see there).
import { firstScreenLoaded } from './app/first-screen'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { bridge } from './api/bridge'
import { App } from './app/App'
import { routeAppEvent } from './app/route-app-event'
import { useAppStore } from './store'
import { keepDraftsSaved } from './store/draft-saving'
import './styles.css'

bridge.onEvent((event) => routeAppEvent(event, useAppStore.getState()))
keepDraftsSaved()

void firstScreenLoaded.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>
  )
)
