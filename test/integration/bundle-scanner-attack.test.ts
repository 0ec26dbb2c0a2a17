import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { importBundle } from '../../electron/services/backends/bundle/import-bundle'
import { openDatabase } from '../../electron/services/db/connection'
import { openRepositories } from '../../electron/services/db/repositories'
import { generateBundle } from '../fixtures/case-generator'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack (round 20): a bundle backend's pull finds the cases with a byte scanner
// (locate-cases.ts) that counts `{`/`[` and `}`/`]` alike and matches the member name `"cases"`
// byte for byte. It must accept exactly what importBundle accepts and refuse what it refuses.

const dir = makeTempDir('countersign-bundle-scanner-attack-')
const opened: AppServices[] = []
afterAll(() => {
  opened.forEach((services) => services.close())
  dir.remove()
})

const fresh = (count: number) => JSON.stringify(generateBundle({ count, seed: 3, workspace: { id: 'w', name: 'W' } }))

async function pulled(name: string, bytes: Uint8Array) {
  const file = join(dir.path, `${name}.bundle.json`)
  writeFileSync(file, bytes)
  const services = openAppServices({ dataDir: join(dir.path, name), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  opened.push(services)
  await services.settings.save({ config: { id: 'w', kind: 'bundle', name: 'W', path: file, syncIntervalSeconds: 3600 } })
  await services.sync.syncNow('w')
  return { services, file, status: services.sync.status().find((backend) => backend.id === 'w')! }
}

function oneThread(name: string, bytes: Uint8Array): number | string {
  const db = openDatabase(join(dir.path, `${name}-one.sqlite`))
  try {
    return importBundle(openRepositories(db), bytes).inserted
  } catch (error) {
    return (error as Error).message
  } finally {
    db.close()
  }
}

it('refuses a bundle whose cases array is closed with } (not JSON), as importBundle does', async () => {
  // {"format":…,"cases":[…]} → {"format":…,"cases":[…}} : the array's ] typed as }
  const text = fresh(10)
  const broken = text.replace(/\]\}$/, '}}')
  expect(JSON.parse.bind(null, broken)).toThrow()
  const bytes = new TextEncoder().encode(broken)
  const expected = oneThread('brace', bytes)
  expect(typeof expected).toBe('string')
  const { services, status, file } = await pulled('brace', bytes)
  expect(status).toMatchObject({ state: 'error', lastError: `${file}: ${expected as string}` })
  expect(services.review.queuePage(0, 1).total).toBe(0)
})

it('reads a bundle whose member name "cases" is written with a JSON escape, as importBundle does', async () => {
  const text = fresh(10).replace('"cases":', '"\\u0063ases":')
  const bytes = new TextEncoder().encode(text)
  expect(oneThread('escaped', bytes)).toBe(10)
  const { services, status } = await pulled('escaped', bytes)
  expect(status).toMatchObject({ state: 'idle', lastError: null })
  expect(services.review.queuePage(0, 1).total).toBe(10)
})
