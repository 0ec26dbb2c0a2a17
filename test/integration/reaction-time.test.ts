import { afterAll, afterEach, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { REACTION_TIME_MS } from '../../shared/commands'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { rendererCaller } from '../fixtures/renderer-call'
import { makeTempDir } from '../fixtures/temp-dir'

const dir = makeTempDir('countersign-reaction-')
let services: AppServices | undefined
const open = () => (services = openAppServices({ dataDir: dir.path, resourcesDir, reviewer: 'dana', appVersion: '1.0.0-test', undoGraceMs: 0 }))

afterEach(() => services?.close())
afterAll(() => dir.remove())

it('keeps the reviewer’s reaction time in the cache, refusing values outside its bounds with a reason', async () => {
  const call = rendererCaller(open())
  expect(await call('getReactionTimeMs')).toBe(REACTION_TIME_MS.default)
  await expect(call('setReactionTimeMs', 20)).rejects.toMatchObject({
    code: 'invalid-call',
    message: expect.stringMatching(/Invalid arguments for setReactionTimeMs: 0: a reaction time is at least 50 ms/)
  })
  await expect(call('setReactionTimeMs', 5000)).rejects.toThrow(/a reaction time is at most 1000 ms/)
  await expect(call('setReactionTimeMs', 150.5)).rejects.toThrow(/use whole milliseconds/)
  expect(await call('setReactionTimeMs', 220)).toBe(220)
  services!.close()

  // A new launch on the same data directory reads it back.
  expect(await rendererCaller(open())('getReactionTimeMs')).toBe(220)
})
