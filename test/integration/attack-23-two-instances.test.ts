import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { memorySecretStore } from '../../electron/services/secrets/secret-store'
import { readDecisionRows } from '../fixtures/sqlite'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 23 on the machine: two instances on one data directory (`npm start` run twice, the web
// host beside the desktop app, two windows of one user). Nothing stops the second from opening the
// same cache, and each instance reads the head of the decision chain before it signs and appends
// its record (review-service: `prevHash: headHash()` outside the transaction, then an awaited
// signature). Two decisions taken in the two instances at about the same time both chain to the
// same head: the device's chain forks, and `v` (verify the whole chain) and `npm run
// verify-audit` report a tampered log for a reviewer who did nothing wrong.

let dir: ReturnType<typeof makeTempDir>
const open: AppServices[] = []
beforeEach(() => {
  dir = makeTempDir('countersign-a23-two-')
})
afterEach(() => {
  for (const services of open.splice(0)) services.close()
  dir.remove()
})

function instance(secrets: ReturnType<typeof memorySecretStore>): AppServices {
  const services = openAppServices({ dataDir: join(dir.path, 'app'), resourcesDir, reviewer: 'dana', appVersion: '1.0.0-test', secrets, watchSla: false })
  open.push(services)
  return services
}

function decide(services: AppServices, casePk: number) {
  const detail = services.review.caseDetail(casePk)
  return services.review.decide({ casePk, revision: detail.reviewCase.revision, outcome: 'defer', deferUntil: new Date(Date.now() + 86_400_000).toISOString(), openedAt: new Date().toISOString() })
}

describe('attack 23: two instances on one data directory', () => {
  it('the first decision in each of two fresh instances is stored (the signing key is made once)', async () => {
    const keychain = memorySecretStore()
    const first = instance(keychain)
    const second = instance(keychain)
    const rows = first.review.queuePage(0, 2).rows
    // On main the second fails: SqliteError "UNIQUE constraint failed: signing_keys.reviewer".
    const results = await Promise.allSettled([decide(first, rows[0]!.casePk), decide(second, rows[1]!.casePk)])
    expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'stored'))).toEqual(['stored', 'stored'])
  })

  it('decisions taken in both at about the same time keep one unbroken chain', async () => {
    const keychain = memorySecretStore() // one keychain, as one user's two instances share it
    const first = instance(keychain)
    const rows = first.review.queuePage(0, 20).rows
    // The reviewer has used the app before: the signing key exists when the second instance opens.
    await decide(first, rows[8]!.casePk)
    const second = instance(keychain)
    for (let index = 0; index + 1 < 8; index += 2) {
      await Promise.all([decide(first, rows[index]!.casePk), decide(second, rows[index + 1]!.casePk)])
    }
    const stored = readDecisionRows(join(dir.path, 'app'))
    expect(stored).toHaveLength(9)
    const prevHashes = stored.map((row) => row.record.prevHash)
    expect(new Set(prevHashes).size, 'two records chained to the same previous record (a fork)').toBe(prevHashes.length)
    expect(await first.audit.verifyChain()).toMatchObject({ ok: true, count: 9 })
  })
})
