import type { HoldView } from '../../../shared/ipc/claim-views'
import { relativeTime } from './time-format'

/** "10:42" today, "Tue 10:42" another day: when a claim ends, in 24-hour time. */
export function holdEnd(iso: string, now = Date.now()): string {
  const end = new Date(iso)
  const time = end.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return end.toDateString() === new Date(now).toDateString() ? time : `${end.toLocaleDateString([], { weekday: 'short' })} ${time}`
}

const displayName = (holder: string) => holder.charAt(0).toUpperCase() + holder.slice(1)

/**
 * What the case view says about a claim: "Erin is reviewing this · until 10:42", or for cases
 * taken into the field "Checked out to you · held until Tue 18:00 (in 23 h)". Null when there is
 * nothing to say (this reviewer's own claim while viewing, or an ended one).
 */
export function holdNotice(hold: HoldView | undefined, now = Date.now()): string | null {
  if (!hold || Date.parse(hold.expiresAt) <= now) return null
  if (!hold.mine) return `${displayName(hold.holder)} is reviewing this · until ${holdEnd(hold.expiresAt, now)}`
  if (hold.purpose === 'checkout') return `Checked out to you · held until ${holdEnd(hold.expiresAt, now)} (${relativeTime(hold.expiresAt, now)})`
  return null
}

/** The same, short enough for a queue row: "Erin · until 10:42", "with you · in 23 h". */
export function holdBadge(hold: HoldView | undefined, now = Date.now()): string | null {
  if (!hold || Date.parse(hold.expiresAt) <= now) return null
  if (!hold.mine) return `${displayName(hold.holder)} · until ${holdEnd(hold.expiresAt, now)}`
  if (hold.purpose === 'checkout') return `with you · until ${holdEnd(hold.expiresAt, now)}`
  return null
}
