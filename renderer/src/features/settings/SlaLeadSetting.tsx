import { useState } from 'react'
import { useAppStore } from '../../store'

/** How long before a case's due time the app warns (once per case, with an OS notification). */
export function SlaLeadSetting() {
  const minutes = useAppStore((state) => state.slaLeadMinutes)
  const setSlaLead = useAppStore((state) => state.setSlaLead)
  const [value, setValue] = useState<string | null>(null)
  return (
    <section aria-labelledby="sla-title">
      <h2 id="sla-title" className="section-title">
        Due-time warnings
      </h2>
      <label className="inline-setting">
        Warn me{' '}
        <input
          className="inline-number"
          type="number"
          min={1}
          value={value ?? minutes}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && Number(value) >= 1) void setSlaLead(Math.round(Number(value))).then(() => setValue(null))
          }}
          aria-label="Minutes before a case is due"
        />{' '}
        minutes before a case I own is due (Enter saves).
      </label>
    </section>
  )
}
