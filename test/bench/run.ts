import setupPrivateKeyring from '../setup/private-keyring'
import { launchChromium } from '../e2e/driver'
import { BenchContext, type Figures } from './context'
import { auditBench } from './audit-bench'
import { claimsBench } from './claims-bench'
import { insightsBench } from './insights-bench'
import { langgraphBench } from './langgraph-bench'
import { nextCaseBench } from './next-case-bench'
import { pressFloorBench } from './press-floor-bench'
import { ingestBench, reviewBench } from './review-bench'
import { makeTempDir } from '../fixtures/temp-dir'
import { syncBench } from './sync-bench'

// `npm run bench`: the speed figures the issues ask for. Progress goes to stderr; the last line
// of stdout is one JSON object with every figure.

/**
 * `COUNTERSIGN_BENCH_ONLY=langgraph`: only that section, which needs no loaded workspace;
 * `COUNTERSIGN_BENCH_ONLY=review`: only ingest, first case, keystroke to stored and next case
 * (at rest and during pulls, and its floor on a plain page), the figures to iterate on for the
 * review screen.
 */
const only = process.env['COUNTERSIGN_BENCH_ONLY']
const onlyLanggraph = only === 'langgraph'
const onlyReview = only === 'review'

async function main(): Promise<void> {
  const stopKeyring = setupPrivateKeyring()
  const figures: Figures = {}
  const dirs: ReturnType<typeof makeTempDir>[] = []
  const loadedDir = onlyLanggraph
    ? null
    : await ingestBench(() => {
        const dir = makeTempDir('countersign-bench-')
        dirs.push(dir)
        return dir.path
      }, figures)
  const context = new BenchContext(await launchChromium())
  context.onCleanup(async () => dirs.forEach((dir) => dir.remove()))
  try {
    if (loadedDir !== null) {
      await reviewBench(context, figures, loadedDir)
      await nextCaseBench(context, figures, loadedDir)
      await pressFloorBench(context, figures)
    }
    if (loadedDir !== null && !onlyReview) {
      await syncBench(context, figures)
      await auditBench(context, figures)
      await insightsBench(context, figures)
    }
    if (!onlyReview) {
      await langgraphBench(context, figures)
      await claimsBench(context, figures)
    }
  } finally {
    await context.close()
    stopKeyring?.()
  }
  figures['driver'] = 'chromium-harness'
  console.log(JSON.stringify(figures))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
