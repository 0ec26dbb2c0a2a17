import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE, openAppServices, type AppServices } from '../../electron/services/app-services'
import type { Case } from '../../shared/domain/case'
import { keychainSecretStore } from '../../electron/services/secrets/secret-store'
import { verifyAuditLog } from '../../shared/audit/audit-log'
import { rejectReasonsFor } from '../../shared/domain/reject-reasons'
import { proposalText } from '../../shared/domain/proposal-text'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

let dir: ReturnType<typeof makeTempDir>
let services: AppServices
const dataDir = () => join(dir.path, 'app')
beforeEach(() => {
  dir = makeTempDir()
  services = openAppServices({ dataDir: dataDir(), resourcesDir, reviewer: 'dana', appVersion: '1.0.0' })
})
afterEach(() => {
  services.close()
  dir.remove()
})

const openedAt = new Date().toISOString()

/** Decides the first `count` pending cases: approvals, an edited draft, rejections. */
async function decideSome(count: number) {
  for (const [index, row] of services.review.queuePage(0, count).rows.entries()) {
    const detail = services.review.caseDetail(row.casePk)
    const { text, editableField } = proposalText(detail.reviewCase)
    const base = { casePk: row.casePk, revision: detail.reviewCase.revision, openedAt }
    if (index % 3 === 2) await services.review.decide({ ...base, outcome: 'reject', reasonCode: rejectReasonsFor(detail.reviewCase)[0]!.code, note: 'checked twice' })
    else if (editableField) await services.review.decide({ ...base, outcome: 'approve', editedValues: { [editableField]: `${text}\nEdited.` } })
    else await services.review.decide({ ...base, outcome: 'approve' })
  }
}

async function exportedLog(): Promise<string[]> {
  const exported = await services.exports.exportAuditLog()
  return readFileSync(exported!.file, 'utf8').trimEnd().split('\n')
}

/** Every way of changing one value somewhere inside `value`, with the path changed. */
function mutations(value: unknown, path: string[] = []): { path: string[]; mutate(root: unknown): void }[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => mutations(child, [...path, key]))
  }
  const set = (root: unknown) => {
    let target = root as Record<string, unknown>
    for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>
    const last = path.at(-1)!
    const current = target[last]
    target[last] = typeof current === 'string' ? `${current}x` : typeof current === 'number' ? current + 1 : typeof current === 'boolean' ? !current : 'x'
  }
  return [{ path, mutate: set }]
}

describe('signed decisions and the audit log', () => {
  it('exports a log that verifies, and locates any single changed field of any record', async () => {
    await decideSome(6)
    const lines = await exportedLog()
    expect(lines).toHaveLength(7)
    await expect(verifyAuditLog(lines.join('\n'))).resolves.toMatchObject({ ok: true, count: 6 })

    let checked = 0
    for (let line = 1; line < lines.length; line++) {
      const entry = JSON.parse(lines[line]!) as Record<string, unknown>
      for (const { path, mutate } of mutations(entry)) {
        const tampered = structuredClone(entry)
        mutate(tampered)
        const copy = [...lines]
        copy[line] = JSON.stringify(tampered)
        const result = await verifyAuditLog(copy.join('\n'))
        expect(result.ok, `changing ${path.join('.')} on line ${line + 1}`).toBe(false)
        if (!result.ok) expect(result.line, path.join('.')).toBe(line + 1)
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(150)
    const paths = lines.slice(1).flatMap((line) => mutations(JSON.parse(line)).map((m) => m.path.join('.')))
    expect(paths).toEqual(expect.arrayContaining(['record.shownContentHash', 'record.prevHash', 'recordHash', 'jws', 'record.edits.0.new']))
  })

  it('detects two records swapped or one dropped, and says where', async () => {
    await decideSome(5)
    const lines = await exportedLog()
    const swapped = [lines[0]!, lines[1]!, lines[3]!, lines[2]!, lines[4]!, lines[5]!]
    await expect(verifyAuditLog(swapped.join('\n'))).resolves.toMatchObject({ ok: false, line: 3, reason: expect.stringMatching(/breaks the chain/) })
    const dropped = lines.filter((_, index) => index !== 3)
    await expect(verifyAuditLog(dropped.join('\n'))).resolves.toMatchObject({ ok: false, line: 4, goodBefore: 2, reason: expect.stringMatching(/removed, inserted or reordered/) })
  })

  it('keeps records signed before a key rotation verifiable', async () => {
    await decideSome(2)
    const before = (await services.keys.activeKey()).kid
    await services.keys.rotate()
    await decideSome(2)
    const after = (await services.keys.activeKey()).kid
    expect(after).not.toBe(before)
    const lines = await exportedLog()
    const kids = lines.slice(1).map((line) => (JSON.parse(line) as { record: { keyId: string } }).record.keyId)
    expect(kids).toEqual([before, before, after, after])
    await expect(verifyAuditLog(lines.join('\n'))).resolves.toMatchObject({ ok: true, count: 4 })
    await expect(services.audit.verifyChain()).resolves.toMatchObject({ ok: true, count: 4 })
    expect(await keychainSecretStore().get(`signing-key:${before}`)).toBeNull()
  })

  it('shows each case history entry with a checked signature and the edit as ranges', async () => {
    await decideSome(1)
    const [item] = services.audit.page(0, 10).items
    const history = await services.audit.caseHistory(item!.casePk)
    expect(history.entries).toHaveLength(1)
    expect(history.entries[0]!.signature).toMatchObject({ status: 'valid', kid: (await services.keys.activeKey()).kid })
  })

  it('names the option chosen by its label, in the list and in the case history; other outcomes name none', async () => {
    const rows = services.review.queuePage(0, 50).rows.map((row) => services.review.caseDetail(row.casePk))
    const classification = rows.find((detail) => detail.reviewCase.kind === 'classification')!
    const other = classification.reviewCase.options.find((option) => !option.recommended)!
    await services.review.decide({ casePk: classification.casePk, revision: classification.reviewCase.revision, openedAt, outcome: 'choose-option', optionId: other.id })
    const approved = rows.find((detail) => detail.casePk !== classification.casePk)!
    await services.review.decide({ casePk: approved.casePk, revision: approved.reviewCase.revision, openedAt, outcome: 'approve' })
    const items = services.audit.page(0, 10).items
    expect(items.map((item) => [item.outcome, item.optionId, item.optionLabel])).toEqual([
      ['approve', null, null],
      ['choose-option', other.id, other.label]
    ])
    const history = await services.audit.caseHistory(classification.casePk)
    expect(history.entries.map((entry) => entry.optionLabel)).toEqual([other.label])
    // A later revision relabels the option: the trail keeps the label the reviewer chose.
    const db = new Database(join(dataDir(), DATABASE_FILE))
    const body = JSON.parse(db.prepare<[number], { body: string }>('SELECT body FROM cases WHERE pk = ?').get(classification.casePk)!.body) as Case
    body.options = body.options.map((option) => (option.id === other.id ? { ...option, label: 'Refund in full' } : option))
    db.prepare('UPDATE cases SET body = ?, revision = revision + 1 WHERE pk = ?').run(JSON.stringify(body), classification.casePk)
    db.close()
    expect(services.audit.page(0, 10).items[1]).toMatchObject({ optionId: other.id, optionLabel: other.label })
    expect((await services.audit.caseHistory(classification.casePk)).entries.map((entry) => entry.optionLabel)).toEqual([other.label])
  })

  it('names a reject’s reason as the reject picker did, by the case’s own reasons', async () => {
    const [row] = services.review.queuePage(0, 1).rows
    const detail = services.review.caseDetail(row!.casePk)
    const reason = rejectReasonsFor(detail.reviewCase)[0]!
    await services.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, openedAt, outcome: 'reject', reasonCode: reason.code })
    const [entry] = (await services.audit.caseHistory(detail.casePk)).entries
    expect([entry!.record.reasonCode, entry!.reasonLabel]).toEqual([reason.code, reason.label])
    expect(reason.label).not.toBe(reason.code)
  })

  it('never writes the private key to the data directory, config or logs', async () => {
    await decideSome(3)
    await exportedLog()
    const { kid } = await services.keys.activeKey()
    const privateJwk = JSON.parse((await keychainSecretStore().get(`signing-key:${kid}`))!) as { d: string }
    services.close()
    const needles = [Buffer.from(privateJwk.d), Buffer.from(privateJwk.d, 'base64url')]
    const files = listFiles(dataDir())
    expect(files.map((file) => file.replace(dataDir(), '').replace(/[^/]+\.jsonl$/, 'audit.jsonl'))).toEqual(
      expect.arrayContaining(['/countersign.sqlite', '/logs/countersign.log', '/exports/audit.jsonl'])
    )
    for (const file of files) for (const needle of needles) expect(readFileSync(file).includes(needle), file).toBe(false)
    services = openAppServices({ dataDir: dataDir(), resourcesDir, reviewer: 'dana', appVersion: '1.0.0' })
  })

  it('npm run verify-audit checks a log offline: the count when good, the first bad record when not', async () => {
    await decideSome(3)
    const exported = await services.exports.exportAuditLog()
    const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../electron/cli/verify-audit.ts'), file], { encoding: 'utf8' })
    const good = run(exported!.file)
    expect(good.status).toBe(0)
    expect(good.stdout).toMatch(/^OK: 3 decision records verified/)
    const lines = readFileSync(exported!.file, 'utf8').trimEnd().split('\n')
    const entry = JSON.parse(lines[2]!) as { record: { outcome: string } }
    entry.record.outcome = 'reject'
    lines[2] = JSON.stringify(entry)
    writeFileSync(exported!.file, lines.join('\n'))
    const bad = run(exported!.file)
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/^FAILED at line 3 \(decision [0-9a-f-]+\): its signature does not verify|^FAILED at line 3 \(decision [0-9a-f-]+\): the record differs from what was signed \(record\.outcome\)/)
  })
})

function listFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name)
    return statSync(path).isDirectory() ? listFiles(path) : [path]
  })
}
