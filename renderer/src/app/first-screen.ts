import { useAppStore, type AppState } from '../store'

/**
 * How long the first render waits for the first screen's data at most; past it, the app shows
 * what it has (its frame, "Opening case…") and fills in as the answers come.
 */
export const FIRST_SCREEN_WAIT_MS = 400

// The first screen's loads start when this module is evaluated. main.tsx imports it before React
// DOM, so the services answer (the queue page, then the open case) while React DOM's script
// evaluates, instead of after the first render. Each load shows its own failure in the status bar
// (store/status-slice.ts). main.tsx routes the services' events in the same task, before any
// answer or event can be handled, so none is missed.
const state = useAppStore.getState()
const loads = Promise.all([state.loadSummary(), state.loadQueue(), state.loadKeymap(), state.loadHolds(), state.loadReactionTime(), state.loadSyncStatus()])

/** Whether the store holds the open case's details, or knows the queue is empty (or could not load it). */
function openCaseLoaded({ rows, selectedIndex, total, cases }: AppState): boolean {
  const row = rows[selectedIndex]
  return total === 0 || (row !== undefined && cases.has(row.casePk))
}

/**
 * Resolves once the loads have answered and the open case's details are in the store, or after
 * FIRST_SCREEN_WAIT_MS, whichever is first: main.tsx renders then, so the first render draws the
 * case (one render and one layout), not an empty frame that each answer then re-renders.
 */
export const firstScreenLoaded = new Promise<void>((resolve) => {
  let settled = false
  let unsubscribe = () => {}
  const done = () => {
    settled = true
    clearTimeout(timer)
    unsubscribe()
    resolve()
  }
  const timer = setTimeout(done, FIRST_SCREEN_WAIT_MS)
  void loads.then(() => {
    if (settled) return
    if (openCaseLoaded(useAppStore.getState())) return done()
    unsubscribe = useAppStore.subscribe((next) => {
      if (openCaseLoaded(next)) done()
    })
  })
})
