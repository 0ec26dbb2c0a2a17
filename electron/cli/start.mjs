#!/usr/bin/env node
// `npm start`: build, then run Countersign in Electron. Where the Electron binary cannot be
// downloaded (offline or locked-down machines), say so and run the same app on the local web
// host instead (`npm run dev:browser`), and open its URL in Chromium's app mode when there is one.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { makeLaunchFolder, removeAbandonedLaunchFolders } from './launch-folders.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const bin = (name) => join(root, 'node_modules/.bin', name)
/** The line the web host prints with its URL, launch secret included. */
const URL_LINE = /^http:\/\/cs-[0-9a-f]+\.localhost:\d+\/\?token=\S+$/m

function electronInstalled() {
  const pathFile = join(root, 'node_modules/electron/path.txt')
  return existsSync(pathFile) && existsSync(join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim()))
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  return result.status ?? 1
}

/**
 * Opens the URL in Chromium's app mode without putting the secret on a command line (where any
 * local user could read it): Chromium opens a private file that moves on to the URL, as Jupyter
 * does (the host answers a launch opened from a file with a page that moves on to `/`, so the
 * SameSite=Strict cookie goes with it; see electron/web-host/launch-answer.ts). The secret works
 * once, and the file is removed when this process ends. The window gets a profile of its own (in the
 * same private folder), so the session cookie never sits in the reviewer's everyday browser. The
 * folders of earlier starts killed outright (no exit handler ran) are removed first.
 */
function openInChromium(url) {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync)
  if (!chromium || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    console.log(chromium ? 'No display ($DISPLAY, $WAYLAND_DISPLAY): open the URL above in a browser.' : 'No Chromium found (/usr/bin/chromium): open the URL above in a browser.')
    return
  }
  removeAbandonedLaunchFolders(tmpdir())
  const dir = makeLaunchFolder(tmpdir())
  const file = join(dir, 'open.html')
  writeFileSync(file, `<!doctype html><meta http-equiv="refresh" content="0; url=${url}"><title>Countersign</title>`, { mode: 0o600 })
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  spawn(chromium, [`--app=${pathToFileURL(file)}`, `--user-data-dir=${join(dir, 'profile')}`, '--no-first-run'], { detached: true, stdio: 'ignore' }).unref()
}

if (!electronInstalled()) {
  console.log('Fetching the Electron binary (once it has been downloaded, this step is skipped)…')
  const fetched = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  if (fetched.status !== 0) {
    // @electron/get's error, without its stack: "TypeError: fetch failed" where there is no network.
    const reason = (fetched.stderr ?? '').split('\n').find((line) => line.trim() !== '' && !/^\s+at /.test(line))
    console.log(`Could not download it${reason ? ` (${reason.trim().slice(0, 200)})` : ''}.`)
  }
}

if (electronInstalled()) {
  process.exit(run(bin('electron-vite'), ['preview']))
}

console.log(
  '\nThe Electron binary is not available on this machine, so Countersign runs on its local web host:\n' +
    'the same services and UI, in your browser, on 127.0.0.1 only, behind a secret made for this launch.\n'
)
// The host runs in a process group of its own (npm, its shell, tsx and the host's node), so that a
// signal reaches every one of them: sent to npm alone, it left the host running on its port.
const host = spawn('npm', ['run', 'dev:browser', '--', ...process.argv.slice(2)], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], detached: process.platform !== 'win32' })
const stopHost = (signal) => {
  try {
    if (process.platform === 'win32') host.kill(signal)
    else process.kill(-host.pid, signal)
  } catch {
    // Already gone.
  }
}
let printed = ''
host.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  if (printed === null) return
  printed += String(chunk)
  const url = URL_LINE.exec(printed)?.[0]
  if (!url) return
  printed = null
  openInChromium(url)
})
// Ctrl+C, a kill, or SIGHUP (the terminal closed): the host stops, and this process ends with it,
// removing its folder. If this process ends first (an error), the host does not outlive it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopHost(signal))
process.on('exit', () => stopHost('SIGTERM'))
host.on('exit', (code) => process.exit(code ?? 0))
