import { useLayoutEffect, useRef, useState } from 'react'
import { isActingEnter } from '../../commands/key-press'
import { useAppStore } from '../../store'
import { useCommandKeys } from '../../commands/key-hints'

/** Tomorrow at 18:00 local time, as the dialog writes it. */
function defaultUntil(now = new Date()): string {
  const until = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 18, 0)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${until.getFullYear()}-${pad(until.getMonth() + 1)}-${pad(until.getDate())} ${pad(until.getHours())}:${pad(until.getMinutes())}`
}

/** "2026-12-01 18:00" (local time) → ISO 8601, or null if it is not a date and time in the future. */
export function parseUntil(text: string, now = Date.now()): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim())
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  const until = new Date(year, month - 1, day, hour, minute)
  if (until.getMonth() !== month - 1 || until.getHours() !== hour || until.getTime() <= now + 60_000) return null
  return until.toISOString()
}

/** `c`: take the cases in the current queue view into the field, held until a date and time; Enter confirms, Esc cancels. */
export function CheckoutDialog() {
  const open = useAppStore((state) => state.overlay === 'checkout')
  // Mounted afresh each time it opens, so it starts from tomorrow evening with no complaint shown.
  return open ? <CheckoutForm /> : null
}

function CheckoutForm() {
  const total = useAppStore((state) => state.total)
  const returnKeys = useCommandKeys('claims.return')
  const [text, setText] = useState(defaultUntil)
  const [problem, setProblem] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  useLayoutEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [])
  const submit = () => {
    const until = parseUntil(text)
    if (!until) return setProblem('Write a date and time still to come, as YYYY-MM-DD HH:MM, e.g. 2026-12-01 18:00.')
    const state = useAppStore.getState()
    state.setOverlay(null)
    void state.checkOut(until)
  }
  return (
    <div className="picker-backdrop">
      <div className="picker" role="dialog" aria-modal="true" aria-labelledby="checkout-title">
        <h2 id="checkout-title">Take these cases with me</h2>
        <p>
          The {total} case{total === 1 ? '' : 's'} in the queue as filtered now are held for you until you return, so colleagues leave them to you while
          you work offline.
        </p>
        <label className="checkout-until">
          <span>Held until</span>
          <input
            ref={inputRef}
            value={text}
            aria-label="Held until (YYYY-MM-DD HH:MM)"
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'checkout-problem' : undefined}
            onChange={(event) => {
              setText(event.target.value)
              setProblem(null)
            }}
            onKeyDown={(event) => {
              if (isActingEnter(event.nativeEvent)) {
                event.preventDefault()
                submit()
              }
            }}
          />
        </label>
        {problem && (
          <p id="checkout-problem" className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <p className="muted">
          <kbd>Enter</kbd> take them · <kbd>Esc</kbd> cancel · <kbd>{returnKeys}</kbd> later hands back what is left
        </p>
      </div>
    </div>
  )
}
