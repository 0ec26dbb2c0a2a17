import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'
import { openFirstOfKind, SETTLE_MS, typeFast, useKeyboardSession, waitForDecisions } from './keyboard-session'
import { LOOK_MS, qwerty, sleep } from './os-keys'

// Attack 23 on the typing guard, Settings' `e` ("Export decisions to a file"). The decision keys,
// `x` on Not applied and `y` on a prompt refuse a key typed amid text; Settings' `e` does not. A
// sentence typed onto the case view that holds `g s` and then an `e` ("blogs, export it
// yourself", attack 21's sentence) writes every decision on the selected bundle backend not yet
// exported into a file the reviewer never chose (on the web host, silently, under the data
// directory's exports/), and marks them exported: the export the reviewer makes on purpose later,
// to carry back, lacks them, and Settings no longer counts them as waiting for export.

const app = useKeyboardSession(() => makeTempDir('countersign-e2e-a23-export-'))

const unexported = () =>
  app.page.evaluate(async () => {
    const bridge = (window as unknown as { countersign: { listBackends(): Promise<{ ok: boolean; value: { unexported: number }[] }> } }).countersign
    const result = await bridge.listBackends()
    return result.ok ? result.value.map((backend) => backend.unexported) : []
  })

it('"blogs, export it yourself" typed onto the case view exports no decision', async () => {
  const { page, keys } = app
  await openFirstOfKind(app, 'Classification')
  await keys.press(qwerty('1')) // a decision made on purpose, waiting in the outbox to be exported
  await waitForDecisions(app, 1)
  await page.locator('.case-view[data-case-id]').waitFor()
  await sleep(LOOK_MS * 3)
  const before = await unexported()
  expect(before.reduce((sum, count) => sum + count, 0)).toBe(1)

  await typeFast(keys, 'blogs, export it yourself')
  await sleep(SETTLE_MS)
  const exportsDir = join(app.session.dataDir, 'exports')
  expect({ unexported: await unexported(), files: existsSync(exportsDir) ? readdirSync(exportsDir) : [] }).toEqual({ unexported: before, files: [] })
})
