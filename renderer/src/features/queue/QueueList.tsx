import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { QueueFilter } from './QueueFilter'
import { QueueHeader } from './QueueHeader'
import { QueueRowView } from './QueueRowView'

const ROW_HEIGHT = 64

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
    if (total === 0) return
    // From the virtualizer's cached scroll position and viewport (no layout read): a row already
    // in view needs no scroll, and asking TanStack anyway still writes the scroll position (a
    // forced layout, ~4 ms a press) and re-checks it frame after frame.
    const top = selectedIndex * ROW_HEIGHT
    const offset = virtualizer.scrollOffset ?? 0
    const height = virtualizer.scrollRect?.height ?? 0
    if (top < offset || top + ROW_HEIGHT > offset + height) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, total, virtualizer])
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
