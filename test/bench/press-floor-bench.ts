import { VIEWPORT } from '../e2e/driver'
import { log, type BenchContext, type Figures } from './context'
import { percentile } from './measure'
import { CpuMeter } from './press-cost'
import { pressSamples } from './review-bench'

/** Presses of `j` on the floor page, and presses per CPU reading (Chromium counts CPU in 10 ms ticks). */
const PRESSES = 200
const CPU_SPAN = 10

/**
 * The least a press costs on this machine: a page with a 30-row list and a case pane that, on
 * `j`, moves the selection one row and writes the next title and text, synchronously in the
 * keydown handler, and marks the pane `data-painted-case` as the app does. Plain DOM, no
 * framework, no editor: what is left is Chromium's own work for a key and a frame (input routing,
 * style, layout, paint, raster, compositing) with nothing of the app's.
 */
const FLOOR_PAGE = `<!doctype html><html><head><style>
body { font: 14px system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 360px 1fr; height: 100vh }
.row { padding: 8px 12px; border-bottom: 1px solid #d9dde3 }
.row[aria-selected="true"] { background: #e3ebfb }
#case { padding: 16px 20px }
</style></head><body><div id="list" role="listbox"></div><main id="case" data-testid="case-body"><h1 id="title"></h1><p id="text"></p></main>
<script>
const rows = []
for (let i = 0; i < 30; i++) {
  const row = document.createElement('div')
  row.className = 'row'
  row.setAttribute('role', 'option')
  row.textContent = 'Case ' + i + ': refund for order ' + (4000 + i)
  document.getElementById('list').append(row)
  rows.push(row)
}
let shown = 0
function show() {
  rows.forEach((row, i) => row.setAttribute('aria-selected', String(i === shown % rows.length)))
  document.getElementById('title').textContent = 'Case ' + shown + ': refund for order ' + (4000 + shown)
  document.getElementById('text').textContent = ('The customer asks for a refund of order ' + (4000 + shown) + '. ').repeat(20)
  document.getElementById('case').setAttribute('data-painted-case', String(shown))
}
show()
addEventListener('keydown', (event) => { if (event.key === 'j') { shown++; show() } })
</script></body></html>`

/**
 * Next case on the floor page (`FLOOR_PAGE`), measured as the app's next case is (`pressSamples`,
 * CPU of every Chromium process per press as the median over spans of CPU_SPAN presses), in the
 * same Chromium: `next_case_floor_p50_ms`, `…_p95_ms` and `next_case_floor_cpu_ms`. The app's
 * figures less these are what the app itself costs.
 */
export async function pressFloorBench(context: BenchContext, figures: Figures): Promise<void> {
  log(`next case floor: ${PRESSES} presses of j on a plain page that only changes a title, a text and a row's selection`)
  const page = await (await context.browser.newContext({ viewport: VIEWPORT })).newPage()
  await page.setContent(FLOOR_PAGE)
  const cpu = await CpuMeter.open(context.browser, { cpuMs: () => 0 })
  await pressSamples(page, 0)
  const latencies: number[] = []
  const cpuPerPress: number[] = []
  for (let pressed = 0; pressed < PRESSES; pressed += CPU_SPAN) {
    const before = await cpu.read()
    const samples = await pressSamples(page, CPU_SPAN, 'j', 0)
    const after = await cpu.read()
    latencies.push(...samples.map((sample) => sample.latencyMs))
    cpuPerPress.push((after.chromium - before.chromium) / CPU_SPAN)
  }
  await cpu.close()
  await page.context().close()
  figures['next_case_floor_p50_ms'] = percentile(latencies, 50)
  figures['next_case_floor_p95_ms'] = percentile(latencies, 95)
  figures['next_case_floor_cpu_ms'] = percentile(cpuPerPress, 50)
}
