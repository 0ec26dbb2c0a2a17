import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { verifyAuditLog } from '../../shared/audit/audit-log'
import { generateCases } from '../fixtures/case-generator'
import { newToken, REVIEWER, resourcesDir, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { filesUnder } from '../fixtures/files-under'
import { makeTempDir } from '../fixtures/temp-dir'
import type { ReferenceBackend } from '../reference-backend/server'

// No Secret Service on the session bus, as on SSH, in a container or WSL: keytar loads, libsecret
// finds nothing to talk to. Vitest runs each test file in a process of its own, and keytar is only
// loaded (and the bus only dialled) at the first keychain call, so this reaches every call here.
process.env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/countersign-no-bus'

const dir = makeTempDir('countersign-no-keychain-')
const dataDir = join(dir.path, 'app')
const token = newToken()
let backend: ReferenceBackend
let services: AppServices

const open = () => openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0 })

beforeAll(async () => {
  backend = await startBackend(dir.path, token)
  backend.store.putCases(generateCases({ count: 4, seed: 12, baseTime: new Date() }), REVIEWER)
})
afterAll(async () => {
  services.close()
  await backend.close()
  dir.remove()
})


describe('no keychain: secrets in memory for the run, decisions still signed', () => {
  it('says so once, in plain words, with the way to a keychain on each platform', async () => {
    services = open()
    await services.ready
    expect(services.secrets.storage).toBe('memory')
    const { problems } = services.review.summary()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^No system keychain this run: no Secret Service \(such as gnome-keyring\) answered on the D-Bus session bus \(.+\)\. Backend tokens and the signing key are held in memory only/)
    expect(problems[0]).toMatch(/tokens must be entered again next run/)
    for (const platform of ['Debian/Ubuntu: sudo apt install', 'Fedora: sudo dnf install', 'macOS:', 'Windows:']) expect(problems[0]).toContain(platform)
    expect(readFileSync(join(dataDir, 'logs/countersign.log'), 'utf8').match(/no keychain/g)).toHaveLength(1)
  })

  it('records, signs and delivers a decision with a run key the backend was given; the chain verifies', async () => {
    await services.settings.save({ config: { id: 'team', kind: 'review-api', name: 'Team cases', baseUrl: backend.url, syncIntervalSeconds: 3600 }, token })
    expect((await services.settings.list()).find((entry) => entry.config.id === 'team')?.hasToken).toBe(true)
    await services.sync.syncNow()
    const row = services.review.queuePage(0, 1).rows[0]!
    const detail = services.review.caseDetail(row.casePk)
    await services.review.decide({ casePk: row.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })

    const { kid } = await services.keys.activeKey()
    const [item] = services.audit.page(0, 1).items
    const history = await services.audit.caseHistory(item!.casePk)
    expect(history.entries[0]!.signature).toMatchObject({ status: 'valid', kid })
    await expect(services.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 1 })

    // The backend verifies the signature against the key it was given, and applies the decision.
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0 && status.state === 'idle')
    expect(services.undelivered.list()).toHaveLength(0)
    expect(backend.requests.some((request) => request.method === 'PUT' && request.path === `/v1/reviewer/keys/${kid}`)).toBe(true)
  })

  it('writes no secret’s bytes to any file of the data directory or the logs', async () => {
    const { kid } = await services.keys.activeKey()
    const privateJwk = JSON.parse((await services.secrets.get(`signing-key:${kid}`))!) as { d: string }
    const exported = await services.exports.exportAuditLog()
    await verifyAuditLog(readFileSync(exported!.file, 'utf8')).then((result) => expect(result).toMatchObject({ ok: true }))
    const needles = [Buffer.from(token), Buffer.from(privateJwk.d), Buffer.from(privateJwk.d, 'base64url')]
    const files = filesUnder(dataDir)
    expect(files.map((file) => file.slice(dataDir.length))).toEqual(expect.arrayContaining(['/countersign.sqlite', '/logs/countersign.log', '/backends.json']))
    for (const file of files) for (const needle of needles) expect(readFileSync(file).includes(needle), file).toBe(false)
  })

  it('next run: the run key is retired, a new one signs, the token must be entered again, old records verify', async () => {
    const { kid: firstRunKid } = await services.keys.activeKey()
    services.close()
    services = open()
    await services.ready
    const { kid } = await services.keys.activeKey()
    expect(kid).not.toBe(firstRunKid)
    expect(services.keys.publicKeys().find((key) => key.kid === firstRunKid)?.retiredAt).not.toBeNull()
    expect((await services.settings.list()).find((entry) => entry.config.id === 'team')?.hasToken).toBe(false)
    await expect(services.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 1 })
  })
})
