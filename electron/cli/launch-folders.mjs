// The private folders `npm start` makes for each Chromium window it opens on the web host (the file
// that moves on to the launch URL, and the window's own profile). Each is removed when its `npm
// start` ends; one killed outright (SIGKILL, a crash) cannot, so the next start removes it.
import { closeSync, constants, fstatSync, lstatSync, mkdtempSync, openSync, readdirSync, readlinkSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const PREFIX = 'countersign-open-'
/** The file in a launch folder naming the pid of the `npm start` that made it. */
const OWNER_FILE = 'npm-start.pid'

/** Makes a launch folder under `parent` (0700, mkdtemp(3)) owned by this process; returns its path. */
export function makeLaunchFolder(parent) {
  const dir = mkdtempSync(join(parent, PREFIX))
  writeFileSync(join(dir, OWNER_FILE), String(process.pid), { mode: 0o600 })
  return dir
}

/**
 * Removes the launch folders under `parent` that nothing uses any more: neither the `npm start` that
 * made them nor the Chromium whose profile they hold (its `SingletonLock`, a link to `host-pid`) is
 * running. Folders of other users, or that cannot be read, are left alone. Returns the paths removed.
 */
export function removeAbandonedLaunchFolders(parent) {
  const removed = []
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue
    const dir = join(parent, name)
    try {
      // Only a real folder of this user's own: the temp folder is shared, and anyone may name one so.
      const folder = lstatSync(dir)
      if (!folder.isDirectory() || (process.getuid && folder.uid !== process.getuid())) continue
      const owner = readPid(join(dir, OWNER_FILE))
      if (isRunning(owner) || isRunning(chromiumPid(join(dir, 'profile')))) continue
      rmSync(dir, { recursive: true, force: true })
      removed.push(dir)
    } catch {
      // Another user's folder, or one being made or removed right now: not ours to judge.
    }
  }
  return removed
}

/**
 * The pid in a launch folder's pid file: a small regular file, read without following a link or
 * waiting (a FIFO someone planted there would block a plain read for good). Throws otherwise.
 */
function readPid(file) {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  try {
    const info = fstatSync(fd)
    if (!info.isFile() || info.size > 32) throw new Error(`${file} is not a pid file`)
    const bytes = Buffer.alloc(32)
    return Number(bytes.toString('utf8', 0, readSync(fd, bytes, 0, bytes.length, 0)))
  } finally {
    closeSync(fd)
  }
}

/** The pid in a Chromium profile's `SingletonLock` link (`<host name>-<pid>`), or NaN when there is none. */
function chromiumPid(profile) {
  try {
    return Number(readlinkSync(join(profile, 'SingletonLock')).split('-').pop())
  } catch {
    return Number.NaN
  }
}

/** Whether a process with this pid runs (signal 0 checks without sending; EPERM: it runs, as another user). */
function isRunning(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}
