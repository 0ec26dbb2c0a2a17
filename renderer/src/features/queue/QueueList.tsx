import { elementScroll, useVirtualizer, type Rect, type Virtualizer, type VirtualizerOptions } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { QueueFilter } from './QueueFilter'
import { QueueHeader } from './QueueHeader'
import { QueueRowView } from './QueueRowView'
import { ROW_HEIGHT, scrollOffsetShowing } from '../../ui/queue-scroll'

/**
 * Scrolls `element` so row `index` shows (`scrollOffsetShowing`: a page at a time), from the
 * virtualizer's cached offset and viewport (a layout read only before it has measured the list).
 * With `resized`, the list's new height (px) is known, and the list moves as little as will do.
 */
function keepInView(element: HTMLElement | null, virtualizer: Virtualizer<HTMLDivElement, Element>, index: number, resized?: number): void {
  if (!element) return
  const offset = virtualizer.scrollOffset ?? 0
  const height = resized ?? virtualizer.scrollRect?.height ?? element.clientHeight
  const target = Math.min(scrollOffsetShowing(index, offset, height, resized !== undefined), Math.max(0, virtualizer.getTotalSize() - height))
  if (target === offset) return
  scrolledTo.set(element, target)
  element.scrollTop = target
  // The scroll event comes before the next frame's callbacks; a later one is the reviewer's.
  requestAnimationFrame(() => scrolledTo.delete(element))
}

/** The offset (px) `keepInView` last scrolled each list to, until its scroll event reports it. */
const scrolledTo = new WeakMap<Element, number>()

/**
 * Reports the list's scroll offset (px) to the virtualizer at each scroll event: the offset
 * `keepInView` wrote, when it was the one that scrolled, else `scrollTop`. TanStack's default
 * reads `scrollTop` (and the scroll height) in every scroll event; after a `j` the page's layout
 * is not clean yet, and the read forced a layout of the whole page, ~4–9 ms a scroll. Rows have
 * a fixed height, so the virtualizer is never told the list is scrolling (it would re-render the
 * rows again once the scrolling stopped).
 */
const observeListOffset: VirtualizerOptions<HTMLDivElement, Element>['observeElementOffset'] = (virtualizer, onOffset) => {
  const element = virtualizer.scrollElement
  if (!element) return
  const onScroll = () => {
    const written = scrolledTo.get(element)
    scrolledTo.delete(element)
    onOffset(written ?? element.scrollTop, false)
  }
  element.addEventListener('scroll', onScroll, { passive: true })
  return () => element.removeEventListener('scroll', onScroll)
}

/**
 * Reports the list's size (`clientWidth` × `clientHeight`, px) each time its ResizeObserver fires,
 * when the frame's own layout has just found it. TanStack's default also reads it at once as the
 * list mounts: inside React's commit, before the first frame, that read forced a layout of the
 * whole page (~50 ms on the first screen), which the frame then did again. Until the first report
 * the virtualizer works from `initialRect`.
 */
function observeListRect(virtualizer: Virtualizer<HTMLDivElement, Element>, onRect: (rect: Rect) => void): () => void {
  const element = virtualizer.scrollElement
  if (!element) return () => {}
  const observer = new ResizeObserver(() => onRect({ width: element.clientWidth, height: element.clientHeight }))
  observer.observe(element)
  return () => observer.disconnect()
}

const placed = new WeakSet<Element>()

/**
 * Scrolls the list for the virtualizer (TanStack's `elementScroll`), except its first write to a
 * list: as it mounts it writes the offset it starts from, 0, to a list that is new and so already
 * there, and the write forced a layout of the whole page inside React's commit. (Rows have a fixed
 * height, so it never corrects the offset for a resized row; moves scroll through `keepInView`.)
 */
const scrollList: VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'] = (offset, options, virtualizer) => {
  const element = virtualizer.scrollElement
  if (element && !placed.has(element)) {
    placed.add(element)
    if (offset === 0) return
  }
  elementScroll(offset, options, virtualizer)
}

/** The pending queue, virtualized: only the rows on screen exist in the DOM, pages load as needed. */
export function QueueList() {
  const total = useAppStore((state) => state.total)
  const rows = useAppStore((state) => state.rows)
  // While a departed case is on screen, no row is the open one.
  const selectedRowIndex = useAppStore((state) => (state.departedCase === null ? state.selectedIndex : -1))
  const holds = useAppStore((state) => state.holds)
  // The cases holding the reviewer's edits, as text: typing changes the drafts, not which cases have them.
  // Edits a revision set aside do not count: as on the proposal's title, `edited` means what a decision would take.
  const edited = useAppStore((state) => [...state.drafts.keys()].join(' '))
  const editedCases = useMemo(() => new Set(edited.split(' ').map(Number)), [edited])
  const ensureRows = useAppStore((state) => state.ensureRows)
  const showBackend = useAppStore((state) => (state.summary?.workspaces.length ?? 0) > 1)
  const scrollRef = useRef<HTMLDivElement>(null)

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Never taller than the window: enough rows for the first frame, without measuring the list.
    initialRect: { width: 0, height: window.innerHeight },
    observeElementRect: observeListRect,
    observeElementOffset: observeListOffset,
    scrollToFn: scrollList
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0

  useEffect(() => ensureRows(first, last), [first, last, ensureRows])
  useEffect(() => {
    // A move within the list scrolls it from the store's own update, before React changes the
    // DOM: the layout is still clean then, so writing `scrollTop` forces none. (TanStack's
    // `scrollToIndex` reads the scroll height after React's commit, a forced layout of the whole
    // page, ~6 ms a press, and re-checks it frame after frame.)
    return useAppStore.subscribe((state, previous) => {
      if (state.selectedIndex !== previous.selectedIndex && state.total === previous.total) keepInView(scrollRef.current, virtualizer, state.selectedIndex)
    })
  }, [virtualizer])
  useEffect(() => {
    // A new length: only once React has made the list that tall can it scroll that far.
    keepInView(scrollRef.current, virtualizer, useAppStore.getState().selectedIndex)
  }, [total, virtualizer])
  useEffect(() => {
    // The list gets shorter when something appears below it (the "press again" prompt) or above
    // it: the selected row, at the bottom a moment ago, is kept in view rather than covered.
    const element = scrollRef.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) keepInView(element, virtualizer, useAppStore.getState().selectedIndex, entry.contentRect.height)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [virtualizer])
  useEffect(() => registerFocusTarget('queue', () => scrollRef.current?.focus()), [])

  const selectedRow = rows[selectedRowIndex]
  return (
    <nav className="queue" aria-label="Pending cases">
      <QueueHeader />
      <QueueFilter />
      <div
        ref={scrollRef}
        className="queue-scroll"
        tabIndex={0}
        role="listbox"
        aria-label={`Pending cases, ${total}`}
        aria-activedescendant={selectedRow ? `queue-row-${selectedRow.casePk}` : undefined}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <QueueRowView
              key={rows[item.index]?.casePk ?? `placeholder-${item.index}`}
              row={rows[item.index]}
              hold={holds.get(rows[item.index]?.casePk ?? -1)}
              edited={editedCases.has(rows[item.index]?.casePk ?? -1)}
              selected={item.index === selectedRowIndex}
              showBackend={showBackend}
              top={item.start}
              height={ROW_HEIGHT}
            />
          ))}
        </div>
      </div>
    </nav>
  )
}
