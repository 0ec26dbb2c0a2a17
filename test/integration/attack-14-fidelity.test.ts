import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { CONFIG_FILE } from '../../electron/services/config/backend-config-store'
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../shared/bundle/bundle-schema'
import { fidelityCase } from '../fixtures/fidelity/corpus'
import { newToken, openWithBackend, REVIEWER, resourcesDir, startBackend, waitFor } from '../fixtures/sync-fixtures'
import { useAppScope } from '../fixtures/app-scope'

// Attack on issue 14 (what you see is what you sign): content and config files that still slip by.

const scope = useAppScope('countersign-attack14-')

function open(dataDir = join(scope.dir.path, 'app')): AppServices {
  scope.services = openAppServices({ dataDir, resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  return scope.services
}

async function openWithBundle(bytes: Buffer): Promise<AppServices> {
  const file = join(scope.dir.path, 'usb.bundle.json')
  writeFileSync(file, bytes)
  const app = open()
  await app.settings.save({ config: { id: 'usb', kind: 'bundle', name: 'USB stick', path: file, syncIntervalSeconds: 3600 } })
  await app.sync.syncNow('usb')
  return app
}

function bundleText(cases: unknown[]): string {
  return JSON.stringify({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, generatedAt: new Date().toISOString(), workspace: { id: 'w', name: 'W' }, cases }, null, 2)
}

describe('attack 14: content', () => {
  it('a title with a lone surrogate (JSON "\\ud800") is refused at ingest, naming the case and the field', async () => {
    // A lone surrogate is not Unicode text (RFC 7493 §2.1): SQLite stores UTF-8, so it would come back as U+FFFD.
    const sent = { ...fidelityCase('line endings LF'), id: 'lone-surrogate', title: 'IBAN DE89 LONE 3704' }
    const app = await openWithBundle(Buffer.from(bundleText([sent, { ...fidelityCase('line endings LF'), id: 'well-formed' }]).replace('LONE', '\\ud800')))
    expect(app.review.queuePage(0, 10).rows.map((row) => app.review.caseDetail(row.casePk).reviewCase.id)).toEqual(['well-formed'])
    const quarantined = JSON.stringify((await app.settings.list())[0]!.quarantined)
    expect(quarantined).toContain('lone-surrogate')
    expect(quarantined).toMatch(/title holds a lone surrogate \(U\+D800\) at UTF-16 offset 10/)
  })

  it('a proposal with a duplicate key is not silently read as its last value', async () => {
    // {"text": "Pay 100 EUR", "text": "Pay 100000 EUR"}: a first-wins parser at the automation
    // acts on 100 EUR; the reviewer is shown (and signs) only 100000 EUR, with no word.
    const sent = { ...fidelityCase('line endings LF'), id: 'duplicate-key', proposal: { text: 'DUP', destination: 'Supplier' } }
    const text = bundleText([sent]).replace('"text": "DUP"', '"text": "Pay 100 EUR", "text": "Pay 100000 EUR"')
    const app = await openWithBundle(Buffer.from(text))
    const shown = app.review.queuePage(0, 10).rows.map((row) => app.review.caseDetail(row.casePk).reviewCase.proposal)
    const status = app.sync.status()[0]!
    const quarantined = (await app.settings.list())[0]!.quarantined
    // Either the case is refused naming the duplicated key, or the bundle is; never shown as one of the two.
    expect(shown).toEqual([])
    expect(JSON.stringify([status.lastError, quarantined])).toContain('text')
  })

  it('a bundle with two byte-order marks names the culprit instead of quoting an invisible character', async () => {
    const app = await openWithBundle(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(bundleText([fidelityCase('line endings LF')]))]))
    const { lastError } = app.sync.status()[0]!
    expect(lastError).not.toBeNull()
    // Today: `The bundle is not valid JSON: Unexpected token '<U+FEFF>', "<U+FEFF>{ "form"... is not valid JSON`, the culprit drawn as nothing.
    expect(lastError).not.toContain('\uFEFF')
    expect(lastError).toMatch(/U\+FEFF|byte-order mark/)
  })
})

describe('attack 14: a backends.json that cannot be used while a decision waits in the outbox', () => {
  async function decideOfflineThen(breakConfig: (file: string, good: string) => void) {
    const token = newToken()
    scope.backend = await startBackend(scope.dir.path, token)
    scope.backend.store.putCases([fidelityCase('line endings mixed')], REVIEWER)
    const dataDir = join(scope.dir.path, 'app')
    let app = await openWithBackend(dataDir, scope.backend, token)
    await app.sync.syncNow()
    const port = scope.backend.port
    await scope.backend.close()
    const [row] = app.review.queuePage(0, 10).rows
    const detail = app.review.caseDetail(row!.casePk)
    await app.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })
    app.close()
    const file = join(dataDir, CONFIG_FILE)
    breakConfig(file, readFileSync(file, 'utf8'))
    scope.backend = await startBackend(scope.dir.path, token, { port })
    app = open(dataDir)
    return app
  }

  it('a duplicate "backends" key whose last value is empty: says so, and the waiting decision is delivered', async () => {
    const app = await decideOfflineThen((file, good) => writeFileSync(file, good.replace(/\n}\s*$/, ',\n  "backends": []\n}\n')))
    expect(app.review.summary().problems.join(' ')).toContain('backends')
    await app.sync.syncNow()
    await waitFor(() => scope.backend!.store.decisions(), (decisions) => decisions.length === 1, 5000)
  })

  it('a backends.json that is a dangling symlink: says so, and the waiting decision is delivered', async () => {
    const app = await decideOfflineThen((file) => {
      rmSync(file)
      symlinkSync(join(scope.dir.path, 'moved-away', 'backends.json'), file)
    })
    expect(app.review.summary().problems.join(' ')).toContain(CONFIG_FILE)
    await app.sync.syncNow()
    await waitFor(() => scope.backend!.store.decisions(), (decisions) => decisions.length === 1, 5000)
  })
})
