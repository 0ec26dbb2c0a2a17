import { afterAll, afterEach, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { createIpcDispatcher } from '../../electron/main/ipc/dispatch'
import { allIpcHandlers } from '../../electron/main/ipc/handlers'
import { REACTION_TIME_MS } from '../../shared/commands'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

const dir = makeTempDir('countersign-reaction-')
let services: AppServices | undefined
const open = () => (services = openAppServices({ dataDir: dir.path, resourcesDir, reviewer: 'dana', appVersion: '1.0.0-test', undoGraceMs: 0 }))

afterEach(() => services?.close())
afterAll(() => dir.remove())

it('keeps the reviewer’s reaction time in the cache, refusing values outside its bounds with a reason', async () => {
  const dispatch = createIpcDispatcher(allIpcHandlers(open()))
  expect(await dispatch('getReactionTimeMs', [])).toBe(REACTION_TIME_MS.default)
  expect(() => dispatch('setReactionTimeMs', [20])).toThrow(/Invalid arguments for setReactionTimeMs: 0: a reaction time is at least 50 ms/)
  expect(() => dispatch('setReactionTimeMs', [5000])).toThrow(/a reaction time is at most 1000 ms/)
  expect(() => dispatch('setReactionTimeMs', [150.5])).toThrow(/use whole milliseconds/)
  expect(await dispatch('setReactionTimeMs', [220])).toBe(220)
  services!.close()

  // A new launch on the same data directory reads it back.
  const reopened = createIpcDispatcher(allIpcHandlers(open()))
  expect(await reopened('getReactionTimeMs', [])).toBe(220)
})
