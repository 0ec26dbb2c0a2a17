import { homedir, userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startWebHost } from './web-host'

// `npm run dev:browser [-- --data-dir DIR --port N]`: the app in a browser, on the real services.
// By default it uses the same data directory as the desktop app (`COUNTERSIGN_DATA_DIR`, else
// Electron's userData folder), so work carries over; `--data-dir` overrides both. The URL to
// open, launch secret included, is printed alone on one line (`npm start` reads it from there).

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
const chosenDataDir = values['data-dir'] || process.env['COUNTERSIGN_DATA_DIR']
const dataDir = chosenDataDir ? resolve(chosenDataDir) : desktopDataDir()
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535, not "${values.port}".`)
  process.exit(2)
}

// The last line of defence for a process that serves a page: a promise nothing handled (a bug;
// the services catch what they expect) is written to stderr, and the host goes on serving, where
// Node's default would end it and take the reviewer's open page with it.
process.on('unhandledRejection', (reason) => console.error(`Countersign: an error nothing handled (the app goes on): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`))

startWebHost({ dataDir, port, reviewer: userInfo().username }).then(
  (host) => {
    console.log(`Countersign is running. Open this address (its secret lets one browser in, once; share it with no one):\n${host.url}\n`)
    console.log(`  data directory: ${dataDir}\n  Ctrl+C to stop.`)
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => void host.close().then(() => process.exit(0)))
    }
  },
  (error: unknown) => {
    console.error(`Countersign could not start: ${(error as Error).message}`)
    process.exit(1)
  }
)
