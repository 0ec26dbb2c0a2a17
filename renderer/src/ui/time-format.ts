/** "in 3 h", "12 min ago": due times and ages in words a reviewer reads at a glance. */
export function relativeTime(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000)
  const magnitude = Math.abs(minutes)
  const amount =
    magnitude < 60 ? `${magnitude} min` : magnitude < 48 * 60 ? `${Math.round(magnitude / 60)} h` : `${Math.round(magnitude / 1440)} d`
  return minutes >= 0 ? `in ${amount}` : `${amount} ago`
}

/** "due in 3 h" or "overdue 2 h": the SLA as the reviewer needs to read it. */
export function dueLabel(iso: string, now = Date.now()): string {
  return isOverdue(iso, now) ? `overdue ${relativeTime(iso, now).replace(' ago', '')}` : `due ${relativeTime(iso, now)}`
}

export function isOverdue(iso: string, now = Date.now()): boolean {
  return Date.parse(iso) < now
}

