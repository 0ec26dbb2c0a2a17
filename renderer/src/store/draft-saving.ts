import { bridge } from '../api/bridge'
import { useAppStore, type AppState } from './index'
import { showingFailure } from './status-slice'

/**
 * How often at most a case's draft is saved while it changes, in ms: the first change of a pause
 * saves this long after it, with every change made by then, so typing costs one save per
 * interval (a 1 MB draft is 1 MB to send) and a crash loses at most this much of it.
 */
export const DRAFT_SAVE_INTERVAL_MS = 400

/** Whether case `casePk`'s edits or set-aside edits differ between two states of the store. */
function draftChanged(state: AppState, previous: AppState, casePk: number): boolean {
  return state.drafts.get(casePk) !== previous.drafts.get(casePk) || state.setAsideEdits.get(casePk) !== previous.setAsideEdits.get(casePk)
}

/**
 * Keeps the reviewer's drafts (`drafts` and `setAsideEdits` in the store) in the cache, so that a
 * reload of the window, a crash or a restart gives them back (`loadDrafts`): each changed draft
 * is saved (`bridge.saveDraft`, with the content hash of the case copy it was made on) at most
 * DRAFT_SAVE_INTERVAL_MS after it changed, and a draft gone (decided, every edit undone) is
 * removed at once. Saves still waiting go out when the page is hidden or unloaded (`pagehide` on
 * `page`). A save that fails says so in the status bar, and so does one refused because the case
 * has left the queue (decided in another window, withdrawn): the edits then live only in this
 * window. Returns a function that stops.
 */
export function keepDraftsSaved(page: EventTarget = window, store = useAppStore): () => void {
  const waiting = new Map<number, ReturnType<typeof setTimeout>>()
  const save = (casePk: number) => {
    clearTimeout(waiting.get(casePk))
    waiting.delete(casePk)
    const { drafts, setAsideEdits, cases } = store.getState()
    const detail = cases.get(casePk)
    // A case holding edits stays cached (`withCachedCase`); without its copy there is nothing to save against.
    if (!detail) return
    void showingFailure(store.getState, 'Could not keep your edits on disk', async () => {
      const saved = await bridge.saveDraft(casePk, detail.contentHash, drafts.get(casePk) ?? {}, setAsideEdits.get(casePk) ?? {})
      // Edits this window still holds: not those a decision of its own took meanwhile.
      if (!saved.kept && saved.reason === 'not-in-queue' && store.getState().drafts.has(casePk)) {
        store.getState().showError(`Your edits of “${detail.reviewCase.title}” are not kept on disk: the case is no longer in your queue (decided or deferred, perhaps in another window; withdrawn; reassigned; or its backend removed). Copy what you need from them.`)
      }
    })
  }
  const flush = () => {
    for (const casePk of [...waiting.keys()]) save(casePk)
  }
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.drafts === previous.drafts && state.setAsideEdits === previous.setAsideEdits) return
    const casePks = new Set([...state.drafts.keys(), ...previous.drafts.keys(), ...state.setAsideEdits.keys(), ...previous.setAsideEdits.keys()])
    for (const casePk of casePks) {
      if (!draftChanged(state, previous, casePk)) continue
      if (!state.drafts.has(casePk) && !state.setAsideEdits.has(casePk)) save(casePk)
      else if (!waiting.has(casePk)) waiting.set(casePk, setTimeout(() => save(casePk), DRAFT_SAVE_INTERVAL_MS))
    }
  })
  page.addEventListener('pagehide', flush)
  return () => {
    unsubscribe()
    page.removeEventListener('pagehide', flush)
    for (const timer of waiting.values()) clearTimeout(timer)
    waiting.clear()
  }
}
