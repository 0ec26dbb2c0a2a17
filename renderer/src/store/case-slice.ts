import type { StateCreator } from 'zustand'
import type { CaseDetail } from '../../../shared/ipc/views'
import { bridge, errorMessage } from '../api/bridge'
import type { AppState } from './index'

/** Enough to cover the prefetch window both ways without growing without bound. */
const CASE_CACHE_LIMIT = 64

export interface CaseSlice {
  /** Cases fetched or prefetched from the cache, by case pk (insertion-ordered for eviction). */
  cases: Map<number, CaseDetail>
  /** When each case was first shown: the decision records it as "opened at". */
  openedAt: Map<number, string>
  /** The reviewer's unsaved edit of a case's editable proposal field, kept while they move around. */
  drafts: Map<number, string>
  loadCase(casePk: number): void
  markOpened(casePk: number): void
  setDraft(casePk: number, text: string | null): void
}

const casesInFlight = new Set<number>()

export const createCaseSlice: StateCreator<AppState, [], [], CaseSlice> = (set, get) => ({
  cases: new Map(),
  openedAt: new Map(),
  drafts: new Map(),

  loadCase(casePk) {
    if (get().cases.has(casePk) || casesInFlight.has(casePk)) return
    casesInFlight.add(casePk)
    bridge
      .getCase(casePk)
      .then((detail) =>
        set((state) => {
          const cases = new Map(state.cases)
          cases.set(casePk, detail)
          for (const key of cases.keys()) {
            if (cases.size <= CASE_CACHE_LIMIT) break
            if (key !== casePk && !state.drafts.has(key)) cases.delete(key)
          }
          return { cases }
        })
      )
      .catch((error: unknown) => get().showError(`Could not open case: ${errorMessage(error)}`))
      .finally(() => casesInFlight.delete(casePk))
  },

  markOpened(casePk) {
    if (get().openedAt.has(casePk)) return
    const openedAt = new Map(get().openedAt)
    openedAt.set(casePk, new Date().toISOString())
    set({ openedAt })
  },

  setDraft(casePk, text) {
    const drafts = new Map(get().drafts)
    if (text === null) drafts.delete(casePk)
    else drafts.set(casePk, text)
    set({ drafts })
  }
})
