import { useAppStore } from '../../store'
import { NumberSettingInput } from './NumberSettingInput'

/** How long before a case's due time the app warns (once per case, with an OS notification). */
export function SlaLeadSetting() {
  const minutes = useAppStore((state) => state.slaLeadMinutes)
  const setSlaLead = useAppStore((state) => state.setSlaLead)
  return (
    <section aria-labelledby="sla-title">
      <h2 id="sla-title" className="section-title">
        Due-time warnings
      </h2>
      <label className="inline-setting">
        Warn me <NumberSettingInput value={minutes} min={1} max={7 * 24 * 60} label="Minutes before a case is due" onSave={setSlaLead} /> minutes
        before a case I own is due (Enter saves).
      </label>
    </section>
  )
}
