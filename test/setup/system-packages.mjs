#!/usr/bin/env node
// `npm test`'s first step: the Debian/Ubuntu packages the tests need. Where some are missing, it
// installs them itself when it may (root, or sudo without a password) and says what it installs;
// otherwise it stops at once with the one command to run. Then it makes sure keytar, the optional
// keychain module, is built (`npm install` skips it while libsecret-1-dev is missing).
//
// It asks the system through the commands on PATH (id, sudo, dpkg-query, apt-get, npm), so a test
// can put stand-ins first on PATH; nothing else changes its behaviour.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** What each package is for, as said to the person running the tests. */
const PACKAGES = {
  'libsecret-1-dev': 'keytar builds against it',
  'gnome-keyring': 'a real Secret Service for the keychain tests',
  dbus: 'the private session bus the keychain tests start',
  chromium: 'the end-to-end browser, /usr/bin/chromium'
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options })
  return { ok: !result.error && result.status === 0, stdout: String(result.stdout ?? '').trim() }
}

function installed(name) {
  return run('dpkg-query', ['-W', '-f=${Status}', name]).stdout.endsWith('install ok installed')
}

function missingPackages() {
  return Object.keys(PACKAGES).filter((name) => !installed(name))
}

/** '' when root, 'sudo' when sudo needs no password, null when neither. */
function privilege() {
  if (run('id', ['-u']).stdout === '0') return ''
  return run('sudo', ['-n', 'true']).ok ? 'sudo' : null
}

function installPackages(missing, sudo) {
  console.log(`Installing Debian packages the tests need: ${missing.map((name) => `${name} (${PACKAGES[name]})`).join(', ')}`)
  const apt = (args) => {
    const command = sudo ? ['sudo', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args] : ['apt-get', ...args]
    const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    return !result.error && result.status === 0
  }
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', '--no-install-recommends', ...missing])) fail('apt-get could not install them (see above).')
  const still = missingPackages()
  if (still.length) fail(`still missing after apt-get: ${still.join(' ')}.`)
}

/** Asked in a fresh process: Node remembers a module it could not find for the rest of a process. */
function keytarLoads() {
  return run(process.execPath, ['-e', "require('keytar')"], { cwd: root }).ok
}

/** keytar is optional: npm install skipped it (or left it unbuilt) while libsecret-1-dev was missing. */
function buildKeytar() {
  const present = existsSync(join(root, 'node_modules/keytar/package.json'))
  const { optionalDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const args = present ? ['rebuild', 'keytar'] : ['install', '--no-save', '--no-audit', '--no-fund', `keytar@${optionalDependencies.keytar}`]
  console.log(`Building keytar, the keychain module, now that libsecret-1-dev is here: npm ${args.join(' ')}`)
  const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit' })
  if (result.error || result.status !== 0 || !keytarLoads()) fail('keytar could not be built (see above).')
}

function fail(message) {
  console.error(`npm test cannot start: ${message}`)
  process.exit(1)
}

function main() {
  if (process.platform !== 'linux' || !run('dpkg-query', ['--version']).ok) {
    console.log(`System packages: not a Debian/Ubuntu system; make sure the equivalents of ${Object.keys(PACKAGES).join(', ')} are installed.`)
    return
  }
  const missing = missingPackages()
  if (missing.length) {
    const sudo = privilege()
    if (sudo === null) {
      console.error(
        `npm test needs these Debian packages, missing here: ${missing.map((name) => `${name} (${PACKAGES[name]})`).join(', ')}.\n` +
          `Install them with this command, then run npm test again:\n\n  sudo apt-get install -y ${missing.join(' ')}\n`
      )
      process.exit(1)
    }
    installPackages(missing, sudo)
  }
  if (!keytarLoads()) buildKeytar()
  console.log(`System packages: ${Object.keys(PACKAGES).join(', ')} present; keytar built.`)
}

main()
