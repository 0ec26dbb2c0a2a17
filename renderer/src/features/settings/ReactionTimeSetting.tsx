import { REACTION_TIME_MS } from '../../../../shared/commands'
import { useAppStore } from '../../store'
import { NumberSettingInput } from './NumberSettingInput'

/** How long a case must have been on screen before a decision key applies to it. */
export function ReactionTimeSetting() {
  const ms = useAppStore((state) => state.reactionTimeMs)
  const setReactionTime = useAppStore((state) => state.setReactionTime)
  return (
    <section aria-labelledby="reaction-title">
      <h2 id="reaction-title" className="section-title">
        Reaction time
      </h2>
      <label className="inline-setting">
        A decision key applies to a case once it has been on screen for{' '}
        <NumberSettingInput value={ms} min={REACTION_TIME_MS.min} max={REACTION_TIME_MS.max} label="Reaction time in milliseconds" onSave={setReactionTime} /> ms
        (Enter saves; {REACTION_TIME_MS.min}–{REACTION_TIME_MS.max}).
      </label>
      <p className="muted">
        Keys typed sooner — while one case gives way to the next — decide nothing, and the status bar says so. A held key is one press.
      </p>
    </section>
  )
}
