import { useState } from 'react'
import { isActingEnter } from '../../commands/key-press'

interface Props {
  value: number
  min: number
  max: number
  /** Names the setting for assistive technology (the sentence around the input says the rest). */
  label: string
  onSave(value: number): Promise<void>
}

/**
 * A whole number inside a sentence of the settings screen: typed, then saved with Enter. A value
 * outside [min, max] is not sent; the input says so (aria-invalid) and keeps what was typed.
 */
export function NumberSettingInput({ value, min, max, label, onSave }: Props) {
  const [typed, setTyped] = useState<string | null>(null)
  const number = typed === null ? value : Number(typed)
  const valid = Number.isInteger(number) && number >= min && number <= max
  return (
    <input
      className="inline-number"
      type="number"
      min={min}
      max={max}
      value={typed ?? value}
      onChange={(event) => setTyped(event.target.value)}
      onKeyDown={(event) => {
        if (isActingEnter(event.nativeEvent) && typed !== null && valid) void onSave(number).then(() => setTyped(null))
      }}
      aria-label={label}
      aria-invalid={!valid}
    />
  )
}
