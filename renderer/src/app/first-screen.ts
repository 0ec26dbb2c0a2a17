import { briefingReady } from '../features/case/Briefing'
import { useAppStore, type AppState } from '../store'

/**
 * How long the first render waits for the first screen's data at most; past it, the app shows
 * what it has (its frame, "Opening case…") and fills in as the answers come.
 */
export const FIRST_SCREEN_WAIT_MS = 400

// The first screen's loads start when this module is evaluated. main.tsx imports it before React
// DOM, so the services answer (the queue page, with the open case in the same answer) while React
// DOM's script evaluates, instead of after the first render. Each load shows its own failure in
// the status bar (store/status-slice.ts). main.tsx routes the services' events in the same task,
// before any answer or event can be handled, so none is missed.
const state = useAppStore.getState()
const loads = Promise.all([state.loadSummary(), state.loadQueue(), state.loadKeymap(), state.loadHolds(), state.loadReactionTime(), state.loadSyncStatus(), state.loadDrafts()])

/**
 * Whether the open case can be drawn: the store holds its details (or knows the queue is empty,
 * or could not load it) — null if not yet, else a promise that settles once its briefing's
 * renderer is in (at once when it has no briefing).
 */
function openCaseReady({ rows, selectedIndex, total, cases }: AppState): Promise<void> | null {
  const row = rows[selectedIndex]
  const detail = row && cases.get(row.casePk)
  if (total === 0) return Promise.resolve()
  if (!detail) return null
  return briefingReady(detail.reviewCase.briefing) ?? Promise.resolve()
}

/**
 * Resolves once the loads have answered and the open case is ready to draw (`openCaseReady`),
 * or after FIRST_SCREEN_WAIT_MS, whichever is first: main.tsx renders then, so the first render
 * draws the case (one render and one layout), not an empty frame that each answer then re-renders.
 */
export const firstScreenLoaded = new Promise<void>((resolve) => {
  let settled = false
  let unsubscribe = () => {}
  const done = () => {
    if (settled) return
    settled = true
    clearTimeout(timer)
    unsubscribe()
    resolve()
  }
  const timer = setTimeout(done, FIRST_SCREEN_WAIT_MS)
  const whenReady = (ready: Promise<void> | null) => {
    if (!ready) return false
    void ready.then(done)
    return true
  }
  void loads.then(() => {
    if (settled || whenReady(openCaseReady(useAppStore.getState()))) return
    unsubscribe = useAppStore.subscribe((next) => {
      if (whenReady(openCaseReady(next))) unsubscribe()
    })
  })
})
