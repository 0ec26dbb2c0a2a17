#!/usr/bin/env node
// `npm start`: build, then run Countersign in Electron. Where the Electron binary cannot be
// downloaded (offline or locked-down machines), say so and run the same app in the browser
// harness instead, opening Chromium in app mode when it is installed.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const bin = (name) => join(root, 'node_modules/.bin', name)

function electronInstalled() {
  const pathFile = join(root, 'node_modules/electron/path.txt')
  return existsSync(pathFile) && existsSync(join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim()))
}

function run(command, args, stdio = 'inherit') {
  const result = spawnSync(command, args, { cwd: root, stdio })
  return result.status ?? 1
}

if (!electronInstalled()) {
  console.log('Fetching the Electron binary (first run only)…')
  if (run(process.execPath, [join(root, 'node_modules/electron/install.js')], 'ignore') !== 0) {
    console.log('Could not download it.')
  }
}

if (electronInstalled()) {
  process.exit(run(bin('electron-vite'), ['preview']))
}

console.log(
  '\nThe Electron binary is not available on this machine, so Countersign runs in the browser harness:\n' +
    'the same services and UI, served on http://127.0.0.1:5199/.\n'
)
const harness = spawn('npm', ['run', 'dev:browser'], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] })
harness.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(chunk))?.[0]
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync)
  if (url && chromium && process.env.DISPLAY) spawn(chromium, [`--app=${url}`, '--no-first-run'], { detached: true, stdio: 'ignore' }).unref()
})
harness.on('exit', (code) => process.exit(code ?? 0))
