import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BundleError, importBundle } from '../../electron/services/backends/bundle/import-bundle'
import { openDatabase, type Db } from '../../electron/services/db/connection'
import { ReviewService } from '../../electron/services/review/review-service'
import { optionEffect } from '../../shared/domain/option-effect'
import { GENERATED_REROUTE_TARGETS, generateBundle } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { openRepositories } from '../../electron/services/db/repositories'

let dir: ReturnType<typeof makeTempDir>
let db: Db
beforeEach(() => {
  dir = makeTempDir()
  db = openDatabase(join(dir.path, 'cache.sqlite'))
})
afterEach(() => {
  db.close()
  dir.remove()
})

const workspace = { id: 'field-team', name: 'Field team' }
const bundle = (count = 10) => generateBundle({ count, seed: 11, workspace })
const snapshot = () => db.prepare('SELECT * FROM cases ORDER BY pk').all()

describe('bundle import', () => {
  it('imports every case of a valid bundle', () => {
    const report = importBundle(openRepositories(db), JSON.stringify(bundle(10)))
    expect(report).toMatchObject({ workspaceId: 'field-team', received: 10, inserted: 10, updated: 0, rejected: [] })
    expect(snapshot()).toHaveLength(10)
  })

  it('rejects invalid cases by id and field, imports the rest, and leaves stored cases alone', () => {
    const original = bundle(10)
    importBundle(openRepositories(db), JSON.stringify(original))
    const before = snapshot()

    const next = structuredClone(original) as unknown as { cases: Record<string, unknown>[] }
    // Case 3: a broken revision of a stored case. Case 5: a new case missing its title.
    next.cases[2] = { ...next.cases[2], revision: 2, risk: { ...(next.cases[2]!.risk as object), audience: 'everyone' } }
    next.cases.push({ ...next.cases[4], id: 'new-one', title: undefined })
    next.cases.push({ ...next.cases[4], id: 'new-two', title: 'A valid new case' })
    const report = importBundle(openRepositories(db), JSON.stringify(next))

    expect(report.rejected).toHaveLength(2)
    expect(report.rejected[0]!.message).toMatch(/^case "case-00003" \(#3\): risk\.audience: /)
    expect(report.rejected[1]!.message).toMatch(/^case "new-one" \(#11\): title: /)
    expect(report.inserted).toBe(1)
    expect(snapshot().slice(0, 10)).toEqual(before)
  })

  it('updates a case to a newer revision but never back to an older one', () => {
    const original = bundle(3)
    importBundle(openRepositories(db), JSON.stringify(original))
    const revised = structuredClone(original)
    revised.cases[0] = { ...revised.cases[0]!, revision: 2, title: 'Revised title' }
    expect(importBundle(openRepositories(db), JSON.stringify(revised))).toMatchObject({ updated: 1, unchanged: 2 })
    const before = snapshot()
    // The older file again: the case at revision 1 is refused by name, the stored revision 2 stays.
    expect(importBundle(openRepositories(db), JSON.stringify(original))).toMatchObject({
      updated: 0,
      unchanged: 2,
      rejected: [{ index: 0, caseId: 'case-00001', fault: 'revision-backwards', message: expect.stringMatching(/^case "case-00001" \(#1\) came back at revision 1, older than revision 2 already received; the copy received before is kept/) }]
    })
    expect(snapshot()).toEqual(before)
    const titles = db.prepare<[], { title: string; revision: number }>('SELECT title, revision FROM cases ORDER BY pk').all()
    expect(titles[0]).toEqual({ title: 'Revised title', revision: 2 })
  })

  it('refuses a bundle that is not JSON, the wrong format or version, and changes nothing', () => {
    importBundle(openRepositories(db), JSON.stringify(bundle(3)))
    const before = snapshot()
    expect(() => importBundle(openRepositories(db), '{"format": ')).toThrow(BundleError)
    expect(() => importBundle(openRepositories(db), '{"format": ')).toThrow(/not valid JSON/)
    expect(() => importBundle(openRepositories(db), JSON.stringify({ ...bundle(1), format: 'zip' }))).toThrow(/"format" must be "countersign.case-bundle"/)
    expect(() => importBundle(openRepositories(db), JSON.stringify({ ...bundle(1), version: 4 }))).toThrow(/Unsupported bundle version 4: this app reads versions 1, 2 and 3/)
    expect(() => importBundle(openRepositories(db), JSON.stringify({ ...bundle(1), workspace: { id: 'Bad Id!', name: 'x' } }))).toThrow(/workspace\.id/)
    expect(snapshot()).toEqual(before)
  })

  it('keeps a version 2 bundle’s reroute targets with the workspace, replaced by the next import', () => {
    const repositories = openRepositories(db)
    importBundle(repositories, JSON.stringify(bundle(2)))
    const targets = repositories.rerouteTargets
    expect(targets.get('field-team')).toEqual({ targets: GENERATED_REROUTE_TARGETS, unlisted: null })
    importBundle(repositories, JSON.stringify({ ...bundle(2), rerouteTargets: [{ id: 'erin', label: 'Erin Lindqvist' }] }))
    expect(targets.get('field-team')).toEqual({ targets: [{ id: 'erin', label: 'Erin Lindqvist' }], unlisted: null })
    expect(() => importBundle(repositories, JSON.stringify({ ...bundle(1), rerouteTargets: [{ id: 'erin', label: 'E' }, { id: 'erin', label: 'E again' }] }))).toThrow(
      /rerouteTargets\.1\.id: duplicate reroute target id "erin"/
    )
    expect(targets.get('field-team')!.targets).toHaveLength(1)
  })

  it('still reads a version 1 bundle: its options get the documented default, and it lists no reroute targets', () => {
    const repositories = openRepositories(db)
    const report = importBundle(repositories, readFileSync(join(__dirname, '../fixtures/cases/case-bundle.v1.json')))
    expect(report).toMatchObject({ workspaceId: 'field-team-2025', received: 5, inserted: 5, rejected: [] })
    const review = new ReviewService(repositories, { reviewer: 'dana', keys: undefined as never, appVersion: 'test' })
    const detail = review.caseDetail(review.queuePage(0, 10).rows.find((row) => row.kind === 'text-approval')!.casePk)
    expect(detail.rerouteTargets).toEqual({ targets: [], unlisted: 'This bundle (format version 1) lists no reroute targets.' })
    const hold = detail.reviewCase.options.find((option) => option.id === 'hold')!
    expect(hold.effect).toBeUndefined()
    // Version 1 said nothing about what "hold" does: it is confirmed as the irreversible send would be.
    expect(optionEffect(detail.reviewCase, hold)).toEqual({ actsOnProposal: true, needsConfirmation: true, irreversible: true })
  })

  it('reports a duplicate case id inside one bundle', () => {
    const twice = bundle(2)
    twice.cases.push(twice.cases[0]!)
    const report = importBundle(openRepositories(db), JSON.stringify(twice))
    expect(report.inserted).toBe(2)
    expect(report.rejected[0]!.message).toContain('appears more than once')
  })

  it('moves times forward when rebasing (the demo), keeping their spacing', () => {
    const original = bundle(2)
    const now = new Date(Date.parse(original.generatedAt) + 86_400_000)
    importBundle(openRepositories(db), JSON.stringify(original), { rebaseTimesToNow: true, now })
    const dueTimes = db.prepare<[], { due_at: number }>('SELECT due_at FROM cases ORDER BY pk').all().map((r) => r.due_at)
    expect(dueTimes).toEqual(original.cases.map((c) => Date.parse(c.ownership.dueAt) + 86_400_000))
  })
})
