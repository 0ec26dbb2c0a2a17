import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { decisionsBundleSchema } from '../../shared/bundle/decisions-bundle'
import { generateBundle } from '../fixtures/case-generator'
import { resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

let dir: ReturnType<typeof makeTempDir>
let services: AppServices
beforeEach(() => {
  dir = makeTempDir()
  services = openAppServices({ dataDir: join(dir.path, 'app'), resourcesDir, reviewer: 'dana', appVersion: '1.0.0' })
})
afterEach(() => {
  services.close()
  dir.remove()
})

const openedAt = new Date().toISOString()
async function approveFirst(count: number) {
  for (const row of services.review.queuePage(0, count).rows) await services.review.decide({ casePk: row.casePk, revision: 1, outcome: 'approve', openedAt })
}

describe('bundle backends', () => {
  it('exports decisions on the demo as a decisions bundle, each once', async () => {
    await approveFirst(2)
    const first = await services.exports.exportDecisions('demo')
    const bundle = decisionsBundleSchema.parse(JSON.parse(readFileSync(first!.file, 'utf8')))
    expect(bundle.decisions).toHaveLength(2)
    expect(bundle.workspace).toEqual({ id: 'demo', name: 'Demo workspace' })
    expect(bundle.decisions.every((envelope) => envelope.record['outcome'] === 'approve')).toBe(true)
    await approveFirst(1)
    const second = await services.exports.exportDecisions('demo')
    expect(second!.count).toBe(1)
    expect((await services.exports.exportDecisions('demo'))!.count).toBe(0)
  })

  it('syncs a bundle file from disk, picks up a changed file, and reports a broken one clearly', async () => {
    const file = join(dir.path, 'usb-stick.json')
    const bundle = generateBundle({ count: 4, seed: 41, idPrefix: 'usb', workspace: { id: 'usb', name: 'USB' }, baseTime: new Date() })
    writeFileSync(file, JSON.stringify(bundle))
    await services.settings.save({ config: { id: 'usb', kind: 'bundle', name: 'Site visit', path: file, syncIntervalSeconds: 3600 } })
    await waitFor(() => services.sync.status()[0]!, (s) => s.state === 'idle')
    expect(services.review.queuePage(0, 100).rows.map((row) => row.caseId)).toEqual(expect.arrayContaining(['usb-00001', 'usb-00004']))

    const more = generateBundle({ count: 6, seed: 41, idPrefix: 'usb', workspace: { id: 'usb', name: 'USB' }, baseTime: new Date() })
    writeFileSync(file, JSON.stringify(more))
    await services.sync.syncNow('usb')
    expect(services.review.queuePage(0, 1).total).toBe(6)

    writeFileSync(file, '{"format": "something-else"}')
    await services.sync.syncNow('usb')
    expect(services.sync.status()[0]).toMatchObject({ state: 'error' })
    expect(services.sync.status()[0]!.lastError).toContain('Not a case bundle')
    expect(services.review.queuePage(0, 1).total).toBe(6)
  })
})
