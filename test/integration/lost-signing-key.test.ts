import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { keychainSecretStore } from '../../electron/services/secrets/secret-store'
import { verifyAuditLog } from '../../shared/audit/audit-log'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { rendererCaller } from '../fixtures/renderer-call'
import { makeTempDir } from '../fixtures/temp-dir'

// ../shared/cases/keychain-lost-key.md, against the real keychain (gnome-keyring on the private
// bus the test run starts): the signing key's item is removed between two runs.

let dir: ReturnType<typeof makeTempDir>
let services: AppServices
const open = () => openAppServices({ dataDir: join(dir.path, 'app'), resourcesDir, reviewer: 'dana', appVersion: '1.0.0-test' })

beforeEach(() => {
  dir = makeTempDir()
  services = open()
})
afterEach(() => {
  services.close()
  dir.remove()
})

async function approveNext(): Promise<void> {
  const row = services.review.queuePage(0, 1).rows[0]!
  const detail = services.review.caseDetail(row.casePk)
  await services.review.decide({ casePk: row.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })
}

describe('a signing key whose private half is lost from the keychain', () => {
  it('is retired by a rotation that makes a new key; earlier decisions still verify, the next uses the new key', async () => {
    await approveNext()
    const { kid: lostKid } = await services.keys.activeKey()
    services.close()
    expect(await keychainSecretStore().delete(`signing-key:${lostKid}`)).toBe(true)

    services = open()
    await services.ready
    expect(services.secrets.storage).toBe('keychain')
    const call = rendererCaller(services)
    const before = await call('getWorkspaceSummary')
    expect(before.problems).toEqual([expect.stringMatching(new RegExp(`^Decisions cannot be signed: The private half of signing key ${lostKid} is missing from the keychain`))])
    await expect(approveNext()).rejects.toThrow(/missing from the keychain/)

    // Settings still lists the keys, the lost one active, so that it can be rotated.
    await expect(call('getSigningKeys')).resolves.toEqual([expect.objectContaining({ kid: lostKid, retiredAt: null })])
    // Through the bridge, the refusal keeps its code, so the renderer can offer the rotation.
    const { casePk } = services.review.queuePage(0, 1).rows[0]!
    const { reviewCase: { revision }, contentHash } = services.review.caseDetail(casePk)
    await expect(call('decide', { casePk, revision, shownContentHash: contentHash, outcome: 'approve', openedAt: new Date().toISOString() })).rejects.toMatchObject({
      code: 'signing-unavailable',
      message: expect.stringMatching(/missing from the keychain/)
    })
    const keys = await call('rotateSigningKey')
    const active = keys.find((key) => key.retiredAt === null)!
    expect(active.kid).not.toBe(lostKid)
    expect(keys.find((key) => key.kid === lostKid)?.retiredAt).toEqual(expect.any(String))
    await expect(call('getWorkspaceSummary')).resolves.toMatchObject({ problems: [] })

    await approveNext()
    const kids = services.audit.page(0, 10).items.map((item) => services.audit.caseHistory(item.casePk))
    const signatures = (await Promise.all(kids)).map((history) => history.entries[0]!.signature)
    expect(signatures.map((signature) => [signature.status, signature.kid])).toEqual([
      ['valid', active.kid],
      ['valid', lostKid]
    ])
    await expect(services.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 2 })
    const exported = await services.exports.exportAuditLog()
    await expect(verifyAuditLog(readFileSync(exported!.file, 'utf8'))).resolves.toMatchObject({ ok: true, count: 2 })
  })
})
