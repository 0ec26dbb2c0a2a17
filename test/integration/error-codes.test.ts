import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { rendererCaller } from '../fixtures/renderer-call'
import { makeTempDir } from '../fixtures/temp-dir'

// The code each refusal carries to the renderer, from the real services on a real cache, through
// the dispatcher and the renderer's unwrap: the renderer decides by these codes, never by wording.

let dir: ReturnType<typeof makeTempDir>
let services: AppServices
let call: ReturnType<typeof rendererCaller>
const openedAt = new Date().toISOString()

beforeEach(() => {
  dir = makeTempDir()
  services = openAppServices({
    dataDir: dir.path,
    resourcesDir,
    reviewer: 'dana',
    appVersion: '1.0.0-test',
    watchSla: false,
    // A folder that is not there (removed since it was chosen, an unplugged drive).
    chooseExportFile: async (name) => join(dir.path, 'gone', name)
  })
  call = rendererCaller(services)
})
afterEach(() => {
  services.close()
  dir.remove()
})

async function firstOfKind(kind: string) {
  const { rows } = await call('getQueuePage', { offset: 0, limit: 500 })
  return call('getCase', rows.find((row) => row.kind === kind)!.casePk)
}

describe('the codes a refusal carries to the renderer', () => {
  it('not-found: a case that is not in the cache, a backend that is not configured, nothing to undo', async () => {
    await expect(call('getCase', 999_999)).rejects.toMatchObject({ code: 'not-found', message: 'There is no case 999999 in the cache.' })
    await expect(call('getCaseHistory', 999_999)).rejects.toMatchObject({ code: 'not-found' })
    await expect(call('removeBackend', 'nowhere', { force: false })).rejects.toMatchObject({ code: 'not-found', message: 'There is no backend "nowhere".' })
    await expect(call('undoLast')).rejects.toMatchObject({ code: 'not-found', message: 'There is no decision to undo.' })
  })

  it('unknown-option for an option the case does not offer (it was "invalid-reason"), invalid-reason for a reject reason', async () => {
    const detail = await firstOfKind('classification')
    const request = { casePk: detail.casePk, revision: detail.reviewCase.revision, shownContentHash: detail.contentHash, openedAt }
    await expect(call('decide', { ...request, outcome: 'choose-option', optionId: 'nope' })).rejects.toMatchObject({
      code: 'unknown-option',
      message: expect.stringMatching(/^"nope" is not an option of this case/)
    })
    await expect(call('decide', { ...request, outcome: 'reject', reasonCode: 'nope' })).rejects.toMatchObject({
      code: 'invalid-reason',
      message: expect.stringMatching(/^"nope" is not a reject reason/)
    })
  })

  it('unknown-reroute-target for a target the backend does not list; nothing is recorded', async () => {
    const detail = await firstOfKind('text-approval')
    expect(detail.rerouteTargets!.targets.map((target) => target.id)).toContain('finance-ops')
    await expect(call('decide', { casePk: detail.casePk, revision: detail.reviewCase.revision, shownContentHash: detail.contentHash, openedAt, outcome: 'reroute', rerouteTo: 'Finance ops' })).rejects.toMatchObject({
      code: 'unknown-reroute-target',
      message: expect.stringMatching(/^"Finance ops" is not a reroute target of .*; expected one of: team-lead, support-tier-2, finance-ops/)
    })
    expect((await call('getCase', detail.casePk)).state).toBe('pending')
    expect((await call('getCaseHistory', detail.casePk)).entries).toEqual([])
  })

  it('invalid-argument for a case opened in the future; a little clock skew is allowed', async () => {
    const detail = await firstOfKind('text-approval')
    const request = { casePk: detail.casePk, revision: detail.reviewCase.revision, shownContentHash: detail.contentHash, outcome: 'approve' as const }
    await expect(call('decide', { ...request, openedAt: '2999-01-01T00:00:00.000Z' })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/^The case was opened at 2999-01-01T00:00:00.000Z, which is later than now/)
    })
    expect((await call('getCaseHistory', detail.casePk)).entries).toEqual([])
    await call('decide', { ...request, openedAt: new Date(Date.now() + 60_000).toISOString() })
    expect((await call('getCase', detail.casePk)).state).toBe('decided')
  })

  it('revision-conflict for a stale revision, already-decided for a second decision', async () => {
    const detail = await firstOfKind('text-approval')
    const request = { casePk: detail.casePk, shownContentHash: detail.contentHash, outcome: 'approve' as const, openedAt }
    await expect(call('decide', { ...request, revision: detail.reviewCase.revision + 1 })).rejects.toMatchObject({ code: 'revision-conflict' })
    // The revision shown, but other content than the cache holds: refused too, nothing recorded.
    await expect(call('decide', { ...request, revision: detail.reviewCase.revision, shownContentHash: '0'.repeat(64) })).rejects.toMatchObject({
      code: 'revision-conflict',
      message: expect.stringMatching(/is not what you were shown \(revision \d+, other content\)/)
    })
    // Over the bridge a decision must say which content was shown.
    await expect(call('decide', { ...request, revision: detail.reviewCase.revision, shownContentHash: undefined })).rejects.toMatchObject({
      code: 'invalid-call',
      message: expect.stringMatching(/0\.shownContentHash: say which content was shown/)
    })
    expect((await call('getCaseHistory', detail.casePk)).entries).toEqual([])
    await call('decide', { ...request, revision: detail.reviewCase.revision })
    await expect(call('decide', { ...request, revision: detail.reviewCase.revision })).rejects.toMatchObject({
      code: 'already-decided',
      message: expect.stringMatching(/has already been decided/)
    })
  })

  it('key-conflict for a key another command has (it was "invalid-edit")', async () => {
    await expect(call('bindKey', 'decision.approve', 'r')).rejects.toMatchObject({ code: 'key-conflict', message: expect.stringMatching(/^r is already “/) })
    await expect(call('getKeymap')).resolves.toEqual({})
  })

  it('not-found for a command that does not exist (it was "key-conflict"), and for syncing a backend that is not configured (it did nothing)', async () => {
    await expect(call('bindKey', 'decision.no-such', 'x')).rejects.toMatchObject({ code: 'not-found', message: 'There is no command "decision.no-such".' })
    await expect(call('getKeymap')).resolves.toEqual({})
    await expect(call('syncNow', 'no-such')).rejects.toMatchObject({ code: 'not-found', message: 'There is no backend "no-such".' })
    await expect(call('syncNow')).resolves.toEqual([])
  })

  it('invalid-settings for a backend saved without the token it needs', async () => {
    // An id no other test stores a token for: the keychain is shared by the whole run.
    const id = `no-token-${randomUUID().slice(0, 8)}`
    await expect(
      call('saveBackend', { config: { id, kind: 'review-api', name: 'Team', baseUrl: 'http://127.0.0.1:9', syncIntervalSeconds: 60 } })
    ).rejects.toMatchObject({ code: 'invalid-settings', message: expect.stringMatching(/needs a token/) })
  })

  it('invalid-checkout for a checkout that ends too soon', async () => {
    await expect(call('checkOutCases', { filter: {}, until: new Date(Date.now() + 10_000).toISOString() })).rejects.toMatchObject({ code: 'invalid-checkout' })
  })

  it('export-failed for an export whose folder is gone, naming the file and the reason', async () => {
    const file = join(dir.path, 'gone')
    await expect(call('exportCsv', 'decisions-over-time', ',Decisions\r\n')).rejects.toMatchObject({
      code: 'export-failed',
      message: expect.stringMatching(/gone\/countersign-decisions-over-time-.*\.csv could not be written \(ENOENT\); choose another place\.$/)
    })
    await expect(call('exportAuditLog')).rejects.toMatchObject({ code: 'export-failed', message: expect.stringContaining(file) })
    await expect(call('exportDecisions', 'demo')).rejects.toMatchObject({ code: 'export-failed' })
  })
})
