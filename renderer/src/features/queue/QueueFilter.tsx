import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { focusTarget } from '../../ui/focus-targets'
import { isActingEnter } from '../../commands/key-press'
import { useAppStore } from '../../store'

const FILTER_DELAY_MS = 150

/**
 * `/`: filter the queue by title or case id as you type; Enter applies it at once. Enter and Esc
 * return to the queue, and the filter stays.
 */
export function QueueFilter() {
  const open = useAppStore((state) => state.overlay === 'filter')
  const filter = useAppStore((state) => state.filter)
  const setFilter = useAppStore((state) => state.setFilter)
  const [text, setText] = useState(filter)
  // Changed elsewhere while closed (`f`, Clear all): the box shows the new text, and does not put its old text back.
  const [shownFilter, setShownFilter] = useState(filter)
  if (!open && filter !== shownFilter) {
    setShownFilter(filter)
    setText(filter)
  }
  const inputRef = useRef<HTMLInputElement>(null)
  useLayoutEffect(() => {
    if (open) inputRef.current?.focus()
  }, [open])
  useEffect(() => {
    if (text === filter) return
    const timer = setTimeout(() => void setFilter(text), FILTER_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, filter, setFilter])
  if (!open && !filter) return null
  return (
    <div className="queue-filter">
      <label>
        <span className="muted">Filter</span>
        <input
          ref={inputRef}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (!isActingEnter(event.nativeEvent)) return
            void setFilter(text)
            useAppStore.getState().setOverlay(null)
            focusTarget('queue')
          }}
          placeholder="title or case id"
          aria-label="Filter the queue"
        />
      </label>
    </div>
  )
}
