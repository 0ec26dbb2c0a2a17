import type { QueueFilter } from '../../../shared/domain/queue-view'
import type { QueuePage, QueueRow } from '../../../shared/ipc/views'
import { bridge } from '../api/bridge'
import { showingFailure } from './status-slice'
import type { AppState } from './index'
import type { SliceCreator } from './slice'
import { heldByColleague, PREFETCH_AHEAD } from './selectors'

export const QUEUE_PAGE_SIZE = 100

export interface QueueSlice {
  total: number
  /** Sparse: index is the position in the pending queue; pages arrive as the list scrolls. */
  rows: (QueueRow | undefined)[]
  selectedIndex: number
  /**
   * The case on screen that a sync took out of the queue (withdrawn, reassigned, decided
   * elsewhere), or null. It stays on screen with its notice until the reviewer moves on (`j`, `k`,
   * a case chosen), so the case that took its row is never opened under them; no decision applies
   * to it. The selection stays at its old row, which the case after it now holds.
   */
  departedCase: number | null
  /** Text the queue is filtered by (title or case id); empty for the whole queue. */
  filter: string
  /** How the queue is sorted and narrowed besides the text. */
  queueView: Omit<QueueFilter, 'text'>
  setFilter(text: string): Promise<void>
  setQueueView(view: Omit<QueueFilter, 'text'>): Promise<void>
  /** Drops the text filter and every narrowing and sort of the view: the whole queue again. */
  clearQueueFilter(): Promise<void>
  /**
   * (Re)loads the queue around the selection, keeping the selected case selected if it is still
   * pending. If a sync took it out of the queue, it stays on screen as `departedCase`; if the
   * reviewer did, the case at its row opens: with `keepOpenCase` false (a backend added or
   * removed), which also lets go of a departed case. With `elseTop` (a new filter or view), the
   * open case stays selected if the new queue holds it, and the top of the queue opens if not.
   */
  loadQueue(options?: { elseTop?: boolean; keepOpenCase?: boolean }): Promise<void>
  /** Selects a case wherever it is in the queue. */
  selectCase(casePk: number): Promise<void>
  ensureRows(from: number, to: number): void
  select(index: number): void
  /**
   * Loads the selected case, the one before it and PREFETCH_AHEAD after it, where not cached yet
   * (`loadCase`), so `j` and `k` show a case already in memory. Until a case is on screen, only
   * the selected one: the others' answers would make the first screen render again before it is
   * shown; they are asked for once it has been (`caseShown`).
   */
  prefetchAroundSelection(): void
  /** Moves to the next (or previous) case, passing cases a colleague holds unless the view shows only those. */
  moveSelection(delta: number): void
  /** Drops a decided case from the local view of the queue, keeping the order the store has. */
  removeFromQueue(casePk: number): void
}

const pagesInFlight = new Set<number>()
/** Counts the queue's reloads (`loadQueue`): a page asked for before the latest reload is dropped. */
let queueGeneration = 0
/**
 * The cases a sync changed since the queue was last loaded. Their order may have changed too: a
 * page fetched now would be laid beside rows in the old order (a case twice, one never), so the
 * next page needed reloads the queue around the selection instead (`ensureRows`). And if the case
 * on screen is one of them and has left the queue, it is held there as `departedCase`.
 */
let changedBySync = new Set<number>()
/**
 * While a case is departed: the selection is on the case before it (the queue's last case left,
 * so none took its row), not on the case that took its row. `j` and `k` count from the gap.
 */
let selectionBeforeDeparted = false

/** A sync changed these cases (`casesChanged`): see `changedBySync`. */
export function noteSyncChanges(casePks: Iterable<number>): void {
  for (const casePk of casePks) changedBySync.add(casePk)
}

function currentFilter(state: AppState): QueueFilter {
  return { ...state.queueView, text: state.filter }
}

export const createQueueSlice: SliceCreator<QueueSlice> = (set, get) => ({
  total: 0,
  rows: [],
  selectedIndex: 0,
  departedCase: null,
  filter: '',
  queueView: {},

  async setFilter(text) {
    set({ filter: text, departedCase: null })
    await get().loadQueue({ elseTop: true })
  },

  async setQueueView(queueView) {
    set({ queueView, departedCase: null })
    await get().loadQueue({ elseTop: true })
  },

  async clearQueueFilter() {
    set({ filter: '', queueView: {}, departedCase: null })
    await get().loadQueue({ elseTop: true })
  },

  loadQueue({ elseTop = false, keepOpenCase = true } = {}) {
    return showingFailure(get, 'Could not load the queue', async () => {
      const generation = ++queueGeneration
      pagesInFlight.clear()
      if (!keepOpenCase) set({ departedCase: null })
      const changed = changedBySync
      changedBySync = new Set()
      // A departed case on screen is asked for first: back in the queue (assigned back, a
      // withdrawal reversed), it is the open case again, at its row.
      const selectedCase = () => get().departedCase ?? get().rows[get().selectedIndex]?.casePk
      // The selected case's page, wherever a sync has moved it,
      // so the case on screen stays on screen. Without a case yet, the page at the selection, and
      // the case there comes with it: on the first screen, the open case arrives in the same
      // answer as its row. If the reviewer moved on to a case the answer does not hold while it
      // was on its way, that case's page is asked for (twice at most).
      let page: QueuePage
      let keep: number | undefined
      for (let asked = 0; ; asked++) {
        keep = selectedCase()
        const pageStart = Math.floor(get().selectedIndex / QUEUE_PAGE_SIZE) * QUEUE_PAGE_SIZE
        page = await bridge.getQueuePage({
          offset: pageStart,
          limit: QUEUE_PAGE_SIZE,
          filter: currentFilter(get()),
          ...(keep === undefined ? { detailAt: get().selectedIndex } : { around: keep })
        })
        // A later reload has begun meanwhile: its answer is the newer one.
        if (generation !== queueGeneration) return
        const now = selectedCase()
        if (now === keep || asked === 2 || page.rows.some((row) => row.casePk === now)) {
          keep = now
          break
        }
      }
      const rows: (QueueRow | undefined)[] = new Array(page.total)
      page.rows.forEach((row, i) => (rows[page.offset + i] = row))
      const kept = page.rows.findIndex((row) => row.casePk === keep)
      const index = kept >= 0 ? page.offset + kept : elseTop ? 0 : get().selectedIndex
      if (page.detail) get().cacheCase(page.detail)
      // A sync took the case on screen (or, while another screen is shown, the case last on
      // screen, which comes back) out of the queue: it stays there, and nothing asked about it stays open.
      if (kept >= 0 && get().departedCase === keep) set({ departedCase: null })
      if (kept < 0 && keepOpenCase && keep !== undefined && changed.has(keep) && get().lastShownCase === keep && get().departedCase !== keep) {
        // The last case's row is gone and none takes it: the selection is clamped onto the case before.
        selectionBeforeDeparted = index > page.total - 1
        set({ departedCase: keep })
        get().closePicker()
        get().cancelPendingConfirmation()
      }
      set({ rows, total: page.total, selectedIndex: Math.max(0, Math.min(index, page.total - 1)) })
      get().select(get().selectedIndex)
      void get().loadQueueStats()
    })
  },

  selectCase(casePk) {
    return showingFailure(get, 'Could not find the case in the queue', async () => {
      const position = await bridge.findInQueue(casePk, currentFilter(get()))
      if (position === null) return
      set({ departedCase: null })
      get().select(position)
    })
  },

  ensureRows(from, to) {
    const { rows, total } = get()
    if (changedBySync.size > 0 && rows.slice(Math.max(from, 0), Math.min(to, total - 1) + 1).includes(undefined)) {
      void get().loadQueue()
      return
    }
    const last = Math.min(to, total - 1)
    for (let index = Math.max(from, 0); index <= last; index++) {
      if (rows[index]) continue
      const pageStart = Math.floor(index / QUEUE_PAGE_SIZE) * QUEUE_PAGE_SIZE
      index = pageStart + QUEUE_PAGE_SIZE - 1
      if (pagesInFlight.has(pageStart)) continue
      pagesInFlight.add(pageStart)
      const generation = queueGeneration
      bridge
        .getQueuePage({ offset: pageStart, limit: QUEUE_PAGE_SIZE, filter: currentFilter(get()) })
        .then((page) => {
          // Asked for before the queue was reloaded: its rows are from the order before, and would
          // put a case at two places (or one at none).
          if (generation !== queueGeneration) return
          set((state) => {
            const next = state.rows.slice()
            next.length = page.total
            page.rows.forEach((row, i) => (next[page.offset + i] = row))
            return { rows: next, total: page.total }
          })
          get().select(get().selectedIndex)
        })
        .catch((error: unknown) => get().showFailure('Could not load the queue', error))
        .finally(() => generation === queueGeneration && pagesInFlight.delete(pageStart))
    }
  },

  select(index) {
    const { total } = get()
    const selectedIndex = Math.max(0, Math.min(index, total - 1))
    if (selectedIndex !== get().selectedIndex) {
      set({ selectedIndex })
      get().selectionMoved()
    }
    get().ensureRows(selectedIndex - PREFETCH_AHEAD, selectedIndex + QUEUE_PAGE_SIZE / 2)
    get().prefetchAroundSelection()
    // A departed case on screen: the reviewer views no case of the queue (none is held in their name).
    get().noteViewing(get().departedCase !== null ? null : (get().rows[selectedIndex]?.casePk ?? null))
  },

  prefetchAroundSelection() {
    const { rows, selectedIndex, shownCase } = get()
    const ahead = shownCase === null ? 0 : PREFETCH_AHEAD
    // The next cases first: `j` is the common move.
    for (let offset = 0; offset <= ahead; offset++) {
      const row = rows[selectedIndex + offset]
      if (row) get().loadCase(row.casePk)
    }
    const previous = rows[selectedIndex - 1]
    if (previous && shownCase !== null) get().loadCase(previous.casePk)
  },

  moveSelection(delta) {
    const { rows, holds, selectedIndex, total, queueView, departedCase } = get()
    // A departed case's row is gone, and the case after it holds its index: j opens that one, k
    // the one before; if it was the last, the selection is on the case before it: k opens that one.
    const gap = departedCase === null ? 0 : selectionBeforeDeparted ? (delta < 0 ? 1 : 0) : delta > 0 ? -1 : 0
    let index = selectedIndex + delta + gap
    if (!queueView.held) {
      const now = Date.now()
      while (index >= 0 && index < total && heldByColleague(holds.get(rows[index]?.casePk ?? -1), now)) index += delta
      // Only held cases lie that way: stay where you are.
      if (index < 0 || index >= total) return
    }
    if (departedCase !== null) {
      set({ departedCase: null })
      if (index === selectedIndex) get().selectionMoved()
    }
    // A refused key ("Not decided: “a” came 73 ms after…") was about the case left behind.
    get().pressAccepted()
    get().select(index)
  },

  removeFromQueue(casePk) {
    set((state) => {
      const index = state.rows.findIndex((row) => row?.casePk === casePk)
      if (index < 0) return {}
      const rows = state.rows.slice()
      rows.splice(index, 1)
      const total = state.total - 1
      return { rows, total, selectedIndex: Math.max(0, Math.min(state.selectedIndex, total - 1)) }
    })
    get().select(get().selectedIndex)
  }
})
