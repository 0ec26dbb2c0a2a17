import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, onTestFinished } from 'vitest'
import { openAppServices } from '../../electron/services/app-services'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { readDecisionRows } from '../fixtures/sqlite'
import { newToken, resourcesDir, REVIEWER, startBackend } from '../fixtures/sync-fixtures'
import type { makeTempDir } from '../fixtures/temp-dir'
import { createDriver, type AppSession, type Driver } from './driver'
import { OsKeyboard, qwerty, sleep } from './os-keys'

/** Long enough for any stray key event to have been handled and its decision stored, in ms. */
export const SETTLE_MS = 400

type TempDir = ReturnType<typeof makeTempDir>

/**
 * One test's app, as the keyboard specs use it: the data directory, the open session and its page,
 * and the OS keyboard attached to it (CDP Input.dispatchKeyEvent, see os-keys.ts).
 */
export interface KeyboardSession {
  readonly dir: TempDir
  readonly session: AppSession
  readonly page: Page
  readonly keys: OsKeyboard
  /** Closes the app and opens it again on `dataDir`, waiting for `ready` (by default, the first case seen). */
  reopen(dataDir: string, ready?: string): Promise<void>
}

/**
 * Registers a spec file's hooks for keyboard tests: one Chromium for the file, and for each test a
 * fresh data directory from `makeDir` (the demo workspace when it is empty, as in a fresh clone),
 * the app opened on it, the OS keyboard attached, and the first case seen; all closed and removed
 * after the test. Returns the current test's session (read its fields inside tests only).
 */
export function useKeyboardSession(makeDir: () => TempDir): KeyboardSession {
  let driver: Driver
  let dir: TempDir | undefined
  let session: AppSession | undefined
  let keys: OsKeyboard | undefined
  const open = async (dataDir: string, ready = '[data-seen-case]') => {
    session = await driver.open(dataDir)
    keys = await OsKeyboard.attach(session.page)
    await session.page.waitForSelector(ready)
  }
  const close = async () => {
    await keys?.detach()
    await session?.close()
    keys = session = undefined
  }
  beforeAll(async () => {
    driver = await createDriver()
  })
  afterAll(async () => {
    await driver.close()
  })
  beforeEach(async () => {
    dir = makeDir()
    await open(dir.path)
  })
  afterEach(async () => {
    await close()
    dir?.remove()
  })
  const current = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what}: read the keyboard session inside a test`)
    return value
  }
  return {
    get dir() {
      return current(dir, 'data directory')
    },
    get session() {
      return current(session, 'session')
    },
    get page() {
      return current(session, 'session').page
    },
    get keys() {
      return current(keys, 'keyboard')
    },
    async reopen(dataDir, ready) {
      await close()
      await open(dataDir, ready)
    }
  }
}

/** The decisions stored in the session's data directory, once stray key events have settled (SETTLE_MS). */
export async function settledDecisions(app: KeyboardSession): Promise<ReturnType<typeof readDecisionRows>> {
  await sleep(SETTLE_MS)
  return readDecisionRows(app.session.dataDir)
}

/**
 * Moves with j/k to the first queue row whose kind chip reads `kindLabel`, waits until its case has
 * been seen (the reaction time), and returns its case's title.
 */
export async function openFirstOfKind(app: KeyboardSession, kindLabel: string): Promise<string> {
  const kinds = await app.page.locator('.queue-row .kind-chip').allInnerTexts()
  const index = kinds.indexOf(kindLabel)
  expect(index, kindLabel).toBeGreaterThanOrEqual(0)
  return openRow(app, index)
}

/** Moves with j/k to queue row `index`, waits until its case has been seen, and returns its title. */
export async function openRow(app: KeyboardSession, index: number): Promise<string> {
  const { page, keys } = app
  const titles = await page.locator('.queue-row-title').allInnerTexts()
  const current = titles.indexOf(await page.locator('.case-title').innerText())
  const key = qwerty(index >= current ? 'j' : 'k')
  for (let step = 0; step < Math.abs(index - current); step++) await keys.press(key)
  await page.waitForFunction((title) => document.querySelector('.case-title')?.textContent === title, titles[index]!)
  await page.waitForSelector('[data-seen-case]')
  return titles[index]!
}

/** The decisions stored once there are at least `count` of them, or after 10 s (then fewer). */
export async function waitForDecisions(app: KeyboardSession, count: number): Promise<ReturnType<typeof readDecisionRows>> {
  const deadline = Date.now() + 10_000
  while (readDecisionRows(app.session.dataDir).length < count && Date.now() < deadline) await sleep(50)
  return readDecisionRows(app.session.dataDir)
}

/** Types `text` as fast typing does: each key 30–80 ms after the one before, in a varied rhythm. */
export async function typeFast(keys: OsKeyboard, text: string): Promise<void> {
  let index = 0
  for (const char of text) {
    await keys.press(qwerty(char))
    await sleep(30 + ((index++ * 37) % 51))
  }
}

/**
 * Opens `app` again on a team backend of its own (the reference Review API on loopback) holding
 * `count` cases generated from `seed` (ids `now-00001`…), saved in Settings with a sync every
 * `syncIntervalSeconds` (default: an hour, so only `s` syncs) and no undo window; the backend is
 * closed when the test finishes. Returns the backend and the data directory.
 */
export async function openTeamQueue(
  app: KeyboardSession,
  { count, seed, syncIntervalSeconds = 3600, name = 'Team cases' }: { count: number; seed: number; syncIntervalSeconds?: number; name?: string }
): Promise<{ backend: ReferenceBackend; dataDir: string }> {
  const token = newToken()
  const backend = await startBackend(app.dir.path, token)
  onTestFinished(() => backend.close())
  backend.store.putCases(generateCases({ count, seed, idPrefix: 'now', baseTime: new Date() }), REVIEWER)
  const dataDir = join(app.dir.path, 'with-backend')
  const services = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0 })
  await services.settings.save({ config: { id: 'team', kind: 'review-api', name, baseUrl: backend.url, syncIntervalSeconds }, token })
  services.close()
  await app.reopen(dataDir)
  return { backend, dataDir }
}
