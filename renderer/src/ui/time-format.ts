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


/** Hours and minutes as the reviewer's locale writes them ("5:46 PM", "17:46"); one formatter for every render. */
const CLOCK = new Intl.DateTimeFormat([], { hour: 'numeric', minute: '2-digit' })
const DAY = new Intl.DateTimeFormat([], { weekday: 'short', day: 'numeric', month: 'short' })

export function clockTime(iso: string): string {
  return CLOCK.format(new Date(iso))
}

const CLOCK_SECONDS = new Intl.DateTimeFormat([], { hour: 'numeric', minute: '2-digit', second: '2-digit' })

/** As `clockTime`, with seconds ("5:46:09 PM"): for something done twice in a minute. */
export function clockTimeWithSeconds(iso: string): string {
  return CLOCK_SECONDS.format(new Date(iso))
}

/** When something happens, read at a glance: "today, 5:46 PM", "tomorrow, 9:00 AM", "Mon, Dec 7, 9:00 AM" (the day in the reviewer's locale). */
export function dayAndTime(iso: string, now = new Date()): string {
  const at = new Date(iso)
  const days = Math.round((startOfDay(at) - startOfDay(now)) / 86_400_000)
  const day = days === 0 ? 'today' : days === 1 ? 'tomorrow' : DAY.format(at)
  return `${day}, ${CLOCK.format(at)}`
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()
}
