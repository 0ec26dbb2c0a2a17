import { homedir, userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startHarness } from './server'

// `npm run dev:browser [-- --data-dir DIR --port N]`: the app in any browser, on real services.
// By default it uses the same data directory as the desktop app, so work carries over.

/** Where Electron keeps `userData` for an app named Countersign on this platform. */
function desktopDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library/Application Support/Countersign')
  if (process.platform === 'win32') return join(process.env['APPDATA'] ?? join(homedir(), 'AppData/Roaming'), 'Countersign')
  return join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Countersign')
}

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '5199' }
  }
})
const dataDir = values['data-dir'] ? resolve(values['data-dir']) : desktopDataDir()

void startHarness({ dataDir, port: Number(values.port), reviewer: userInfo().username }).then((harness) => {
  console.log(`Countersign browser harness: ${harness.url}\n  data directory: ${dataDir}\n  Ctrl+C to stop.`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void harness.close().then(() => process.exit(0)))
  }
})
