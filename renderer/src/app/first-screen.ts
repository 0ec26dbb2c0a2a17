import { useAppStore } from '../store'

// The first screen's loads start when this module is evaluated. main.tsx imports it before React
// DOM, so the services answer (the queue page, then the open case) while React DOM's script and
// the first render run, about 160 ms on this machine class, instead of after them. Each load shows
// its own failure in the status bar (store/status-slice.ts). main.tsx routes the services' events
// in the same task, before any answer or event can be handled, so none is missed.
const state = useAppStore.getState()
void Promise.all([state.loadSummary(), state.loadQueue(), state.loadKeymap(), state.loadHolds(), state.loadReactionTime(), state.loadSyncStatus()])
