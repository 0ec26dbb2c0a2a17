import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startHarness } from './server'

// `npm run dev:browser [-- --data-dir DIR --port N]`: the app in any browser, on real services.
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '5199' }
  }
})
const dataDir = values['data-dir'] ? resolve(values['data-dir']) : mkdtempSync(join(tmpdir(), 'countersign-'))

void startHarness({ dataDir, port: Number(values.port) }).then((harness) => {
  console.log(`Countersign browser harness: ${harness.url}\n  data directory: ${dataDir}\n  Ctrl+C to stop.`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void harness.close().then(() => process.exit(0)))
  }
})
