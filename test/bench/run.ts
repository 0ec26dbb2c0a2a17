import setupPrivateKeyring from '../setup/private-keyring'
import { launchChromium } from '../e2e/driver'
import { BenchContext, type Figures } from './context'
import { auditBench } from './audit-bench'
import { insightsBench } from './insights-bench'
import { reviewBench } from './review-bench'
import { syncBench } from './sync-bench'

// `npm run bench`: the speed figures the issues ask for. Progress goes to stderr; the last line
// of stdout is one JSON object with every figure.

async function main(): Promise<void> {
  const stopKeyring = setupPrivateKeyring()
  const context = new BenchContext(await launchChromium())
  const figures: Figures = {}
  try {
    const loadedDir = await reviewBench(context, figures)
    await syncBench(context, figures, loadedDir)
    await auditBench(context, figures)
    await insightsBench(context, figures)
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
