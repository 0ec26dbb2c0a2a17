import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { QueueFilter } from './QueueFilter'
import { QueueHeader } from './QueueHeader'
import { QueueRowView } from './QueueRowView'
import { ROW_HEIGHT, scrollOffsetShowing } from '../../ui/queue-scroll'

/**
 * Scrolls `element` so row `index` shows, from the virtualizer's cached offset and viewport (a
 * layout read only before it has measured the list), or from `height` (px) when the caller knows it.
 */
function keepInView(element: HTMLElement | null, virtualizer: Virtualizer<HTMLDivElement, Element>, index: number, height?: number): void {
  if (!element) return
  const offset = virtualizer.scrollOffset ?? 0
  const target = scrollOffsetShowing(index, offset, height ?? virtualizer.scrollRect?.height ?? element.clientHeight)
  if (target !== offset) element.scrollTop = target
}

/** The pending queue, virtualized: only the rows on screen exist in the DOM, pages load as needed. */
export function QueueList() {
  const total = useAppStore((state) => state.total)
  const rows = useAppStore((state) => state.rows)
  const selectedIndex = useAppStore((state) => state.selectedIndex)
  const holds = useAppStore((state) => state.holds)
  const ensureRows = useAppStore((state) => state.ensureRows)
  const showBackend = useAppStore((state) => (state.summary?.workspaces.length ?? 0) > 1)
  const scrollRef = useRef<HTMLDivElement>(null)

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8
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

  const selectedRow = rows[selectedIndex]
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
              selected={item.index === selectedIndex}
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
