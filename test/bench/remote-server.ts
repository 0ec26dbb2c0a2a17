import { writeFileSync } from 'node:fs'
import { setPriority } from 'node:os'

/**
 * Makes a server the bench starts on this machine (the reference backend, a LangGraph server)
 * take only CPU time the app being measured leaves idle, as a server elsewhere on the network
 * would take none: the lowest priority for its first thread (setpriority(2), nice 19) and, on
 * Linux with autogroup scheduling (sched(7)), the lowest weight for its session's group
 * (`/proc/<pid>/autogroup`), since there a nice value only ranks threads within their session and
 * Chromium runs in a session of its own. The server must lead a session of its own (spawned
 * `detached`), or the group it shares (the bench's) would be lowered with it.
 */
export function runAsRemoteServer(pid: number): void {
  setPriority(pid, 19)
  try {
    writeFileSync(`/proc/${pid}/autogroup`, '19')
  } catch {
    // Not Linux, or no autogroup scheduling: the nice value alone ranks it last.
  }
}
