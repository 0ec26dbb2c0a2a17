import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { BackendConfigStore } from '../../electron/services/config/backend-config-store'
import { keychainSecretStore } from '../../electron/services/secrets/secret-store'
import type { ReferenceBackend } from '../reference-backend/server'
import { newToken, openWithBackend, REVIEWER, resourcesDir, startBackend, teamQueue, waitFor } from '../fixtures/sync-fixtures'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'

// Backend tokens in the real keychain (gnome-keyring in the private D-Bus session that vitest's
// globalSetup starts), against real reference backends on loopback.

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempDir(): string {
  const dir = makeTempDir()
  cleanups.push(() => dir.remove())
  return dir.path
}

async function backendWithToken(token: string): Promise<ReferenceBackend> {
  const backend = await startBackend(tempDir(), token)
  backend.store.putCases(generateCases({ count: 3, seed: 11, baseTime: new Date() }), REVIEWER)
  cleanups.push(() => backend.close())
  return backend
}

function track(services: AppServices): AppServices {
  cleanups.push(() => services.close())
  return services
}

const idleWithCases = (services: AppServices, id: string) =>
  waitFor(
    () => services.sync.status().find((status) => status.id === id),
    (status) => status?.state === 'idle' || status?.state === 'error'
  )

describe('backend tokens in the keychain', () => {
  it('two data directories with a backend of the same id each keep their own token', async () => {
    // Two teams' servers, each knowing only its own reviewer token; both caches call their backend "team".
    const [tokenA, tokenB] = [newToken(), newToken()]
    const [backendA, backendB] = [await backendWithToken(tokenA), await backendWithToken(tokenB)]
    const [dirA, dirB] = [tempDir(), tempDir()]
    ;(await openWithBackend(dirA, backendA, tokenA)).close()
    ;(await openWithBackend(dirB, backendB, tokenB)).close()

    // Started again, each cache reads its token from the keychain.
    for (const [dataDir, backend, token] of [[dirA, backendA, tokenA], [dirB, backendB, tokenB]] as const) {
      const services = track(openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false }))
      const before = backend.requests.length
      await services.sync.syncNow('team')
      const status = await idleWithCases(services, 'team')
      expect(status?.lastError).toBeNull()
      expect(teamQueue(services)).toHaveLength(3)
      expect(backend.requests.slice(before).map((request) => request.authorization)).toContain(`Bearer ${token}`)
    }
  })

  it('copies a token stored by an earlier version once, and a removed backend does not get it back', async () => {
    const keychain = keychainSecretStore()
    const backendId = `legacy-${randomUUID()}`
    const legacyAccount = `backend:${backendId}:token`
    const token = newToken()
    const backend = await backendWithToken(token)
    await keychain.set(legacyAccount, token)
    cleanups.push(() => keychain.delete(legacyAccount))
    // A data directory as an earlier version left it: the backend configured, its token under the old name.
    const dataDir = tempDir()
    new BackendConfigStore(dataDir).write([{ id: backendId, kind: 'review-api', name: 'Old team', baseUrl: backend.url, syncIntervalSeconds: 3600 }])

    const services = track(openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false }))
    await services.sync.syncNow(backendId)
    const status = await idleWithCases(services, backendId)
    expect(status?.lastError).toBeNull()
    expect(services.review.queuePage(0, 50).rows.filter((row) => row.workspaceName === 'Old team')).toHaveLength(3)
    // Left for other caches that have yet to copy it.
    expect(await keychain.get(legacyAccount)).toBe(token)

    await services.settings.remove(backendId, true)
    const readded = { config: { id: backendId, kind: 'review-api' as const, name: 'Old team', baseUrl: backend.url, syncIntervalSeconds: 3600 } }
    await expect(services.settings.save(readded)).rejects.toThrow(/needs a token/)
  })
})
