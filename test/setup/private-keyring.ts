import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Vitest global setup: on Linux, a private D-Bus session with an unlocked gnome-keyring, so that
 * keytar talks to a real Secret Service, and tests never touch the developer's own keychain.
 * Child processes (the app under test, the web host) inherit DBUS_SESSION_BUS_ADDRESS.
 */
export default function setup(): (() => void) | undefined {
  if (process.platform !== 'linux') return undefined
  const dir = mkdtempSync(join(tmpdir(), 'countersign-keyring-'))
  const run = (command: string, args: string[], options: Parameters<typeof spawnSync>[2] = {}) => {
    const result = spawnSync(command, args, { encoding: 'utf8', ...options })
    if (result.error || result.status !== 0) {
      throw new Error(
        `${command} failed (${result.error?.message ?? `exit ${result.status}`}). The tests need Debian's dbus and ` +
          `gnome-keyring packages (see README): ${String(result.stderr ?? '').trim()}`
      )
    }
    return String(result.stdout)
  }
  const [address, pid] = run('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1', `--address=unix:path=${join(dir, 'bus')}`])
    .trim()
    .split('\n')
  const runtimeDir = join(dir, 'run')
  mkdirSync(runtimeDir, { mode: 0o700 })
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address!, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: runtimeDir }
  run('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { input: 'countersign-tests', env })
  process.env['DBUS_SESSION_BUS_ADDRESS'] = address
  return () => {
    // The keyring daemon leaves when its bus goes away.
    process.kill(Number(pid), 'SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}
