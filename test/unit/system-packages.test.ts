import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'

// npm test's preflight, run for real, with stand-ins for the system first on PATH: dpkg-query
// answers from a folder of "installed" packages, apt-get installs into it, id and sudo say who we
// are. No package on this machine is installed or removed.

const script = resolve(__dirname, '../setup/system-packages.mjs')
const ALL = ['libsecret-1-dev', 'gnome-keyring', 'dbus', 'chromium']
let dir: ReturnType<typeof makeTempDir>

const STAND_INS: Record<string, string> = {
  'dpkg-query': `[ "$1" = --version ] && exit 0
for last; do :; done
[ -e "$FAKE_STATE/installed/$last" ] && printf 'install ok installed' && exit 0
exit 1`,
  'apt-get': `echo "apt-get $*" >> "$FAKE_STATE/calls"
[ "$1" = install ] || exit 0
for arg; do case "$arg" in -*|install) ;; *) [ -n "$FAKE_APT_BROKEN" ] || touch "$FAKE_STATE/installed/$arg" ;; esac; done`,
  id: 'echo "$FAKE_UID"',
  sudo: `[ "$1" = -n ] && exit "$FAKE_SUDO_STATUS"
echo "sudo $*" >> "$FAKE_STATE/calls"
shift 2
exec apt-get "$@"`,
  npm: 'echo "npm $*" >> "$FAKE_STATE/calls"'
}

beforeEach(() => {
  dir = makeTempDir('countersign-preflight-')
  mkdirSync(join(dir.path, 'bin'))
  mkdirSync(join(dir.path, 'installed'))
  for (const [name, body] of Object.entries(STAND_INS)) {
    writeFileSync(join(dir.path, 'bin', name), `#!/bin/sh\n${body}\n`)
    chmodSync(join(dir.path, 'bin', name), 0o755)
  }
})
afterEach(() => dir.remove())

function preflight(installed: string[], who: { uid: number; sudo?: boolean; aptBroken?: boolean }) {
  for (const name of installed) writeFileSync(join(dir.path, 'installed', name), '')
  const result = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: {
      PATH: `${join(dir.path, 'bin')}:/usr/bin:/bin`,
      FAKE_STATE: dir.path,
      FAKE_UID: String(who.uid),
      FAKE_SUDO_STATUS: who.sudo ? '0' : '1',
      ...(who.aptBroken ? { FAKE_APT_BROKEN: '1' } : {})
    }
  })
  const callsFile = join(dir.path, 'calls')
  const calls = existsSync(callsFile) ? readFileSync(callsFile, 'utf8').trim().split('\n') : []
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls }
}

// The stand-ins are shell scripts, and the preflight only asks dpkg on Linux.
describe.skipIf(process.platform !== 'linux')('npm test preflight: system packages', () => {
  it('goes on quietly when everything is installed', () => {
    const result = preflight(ALL, { uid: 1000 })
    expect(result).toMatchObject({ status: 0, calls: [] })
    expect(result.stdout).toMatch(/present; keytar built/)
  })

  it('as root, installs what is missing and says what and why', () => {
    const result = preflight(['libsecret-1-dev', 'dbus'], { uid: 0 })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Installing Debian packages the tests need: gnome-keyring (a real Secret Service for the keychain tests), chromium (the end-to-end browser')
    expect(result.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends gnome-keyring chromium'])
  })

  it('with sudo that needs no password, installs through sudo', () => {
    const result = preflight(['gnome-keyring', 'dbus', 'chromium'], { uid: 1000, sudo: true })
    expect(result.status).toBe(0)
    expect(result.calls).toEqual([
      'sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'apt-get update -qq',
      'sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libsecret-1-dev',
      'apt-get install -y -qq --no-install-recommends libsecret-1-dev'
    ])
  })

  it('otherwise stops at once, printing the one command to run', () => {
    const result = preflight(['dbus'], { uid: 1000, sudo: false })
    expect(result.status).toBe(1)
    expect(result.calls).toEqual([])
    expect(result.stderr).toContain('\n  sudo apt-get install -y libsecret-1-dev gnome-keyring chromium\n')
    expect(result.stdout).toBe('')
  })

  it('fails, naming what is still missing, when apt-get installs nothing', () => {
    const result = preflight(['dbus', 'chromium', 'gnome-keyring'], { uid: 0, aptBroken: true })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('still missing after apt-get: libsecret-1-dev.')
  })
})
