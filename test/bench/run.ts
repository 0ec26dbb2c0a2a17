import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE } from '../../electron/services/app-services'
import { importBundle } from '../../electron/services/backends/bundle/import-bundle'
import { openDatabase } from '../../electron/services/db/connection'
import { VIEWPORT, launchChromium } from '../e2e/driver'
import { startHarness } from '../e2e/harness/server'
import { generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { elapsedMs, keyToNextCasePaintedMs, percentile, round } from './measure'

// `npm run bench`: the speed figures the issues ask for. Progress goes to stderr; the last line
// of stdout is one JSON object with every figure.

const CACHED_CASES = 10_000
const PRESSES = 200
const log = (message: string) => process.stderr.write(`bench: ${message}\n`)

/** Imports a generated bundle into a fresh cache and returns cases per second. */
function ingestRate(dataDir: string, bundleText: string): number {
  const db = openDatabase(join(dataDir, DATABASE_FILE))
  const start = process.hrtime.bigint()
  const report = importBundle(db, bundleText)
  const seconds = elapsedMs(start) / 1000
  db.close()
  if (report.inserted !== CACHED_CASES) throw new Error(`expected ${CACHED_CASES} cases, stored ${report.inserted}`)
  return Math.round(CACHED_CASES / seconds)
}

async function main(): Promise<void> {
  const figures: Record<string, number | string> = {}
  const browser = await launchChromium()
  const dirs: ReturnType<typeof makeTempDir>[] = []
  const tempDir = () => {
    const dir = makeTempDir('countersign-bench-')
    dirs.push(dir)
    return dir.path
  }
  try {
    log(`generating a ${CACHED_CASES}-case bundle`)
    const bundlePath = join(tempDir(), 'bundle.json')
    const bundleText = JSON.stringify(generateBundle({ count: CACHED_CASES, seed: 42, workspace: { id: 'bench', name: 'Bench' } }))
    writeFileSync(bundlePath, bundleText)

    log('ingest')
    ingestRate(tempDir(), bundleText) // warm-up: JIT and file cache
    const loadedDir = tempDir()
    figures['ingest_cases_per_s'] = ingestRate(loadedDir, bundleText)

    log('first case on a fresh data directory')
    const firstStart = process.hrtime.bigint()
    const fresh = await startHarness({ dataDir: tempDir() })
    const freshContext = await browser.newContext({ viewport: VIEWPORT })
    const freshPage = await freshContext.newPage()
    await freshPage.goto(fresh.url)
    await freshPage.waitForSelector('[data-painted-case]')
    figures['first_case_ms'] = round(elapsedMs(firstStart))
    await freshContext.close()
    await fresh.close()

    log(`next case, ${PRESSES} presses of j over ${CACHED_CASES} cached cases`)
    const harness = await startHarness({ dataDir: loadedDir })
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    await page.goto(harness.url)
    await page.waitForSelector('[data-painted-case]')
    for (let i = 0; i < 10; i++) await keyToNextCasePaintedMs(page, 'j') // warm-up
    const samples: number[] = []
    for (let i = 0; i < PRESSES; i++) samples.push(await keyToNextCasePaintedMs(page, 'j'))
    figures['next_case_p50_ms'] = percentile(samples, 50)
    figures['next_case_p95_ms'] = percentile(samples, 95)
    figures['next_case_max_ms'] = percentile(samples, 100)
    await context.close()
    await harness.close()
  } finally {
    await browser.close()
    for (const dir of dirs) dir.remove()
  }
  figures['cached_cases'] = CACHED_CASES
  figures['driver'] = 'chromium-harness'
  console.log(JSON.stringify(figures))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
