import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { memorySecretStore } from '../../electron/services/secrets/secret-store'
import { readDecisionRows } from '../fixtures/sqlite'
import { resourcesDir } from '../fixtures/sync-fixtures'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 24 on two instances on one data directory (attack 23's fix: a record is signed again on
// the new head when the other instance appended meanwhile). `u` in a window undoes "the last
// decision": the data directory's last one, wherever it was made, and when the chain moves under
// an undo, the retry undoes whatever is last by then.

let dir: ReturnType<typeof makeTempDir>
const open: AppServices[] = []
beforeEach(() => {
  dir = makeTempDir('countersign-a24-two-')
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

const caseIdOf = (services: AppServices, casePk: number) => services.review.caseDetail(casePk).reviewCase.id

describe('attack 24: undo with two instances on one data directory', () => {
  it('u in one window undoes the decision made in that window, not the one the other window made since', async () => {
    const keychain = memorySecretStore()
    const first = instance(keychain)
    const rows = first.review.queuePage(0, 4).rows
    await decide(first, rows[0]!.casePk)
    const second = instance(keychain)
    await decide(second, rows[1]!.casePk)
    // The reviewer presses u in the first window, whose status bar names its own last decision.
    const receipt = await first.review.undoLast()
    // Seen: the second window's decision is retracted, and the first window's stays, to be sent.
    expect(receipt.caseTitle).toBe(first.review.caseDetail(rows[0]!.casePk).reviewCase.title)
  })

  it('an undo whose chain moved while it was signed takes back the decision it was for, not the one appended meanwhile', async () => {
    const keychain = memorySecretStore()
    const first = instance(keychain)
    const rows = first.review.queuePage(0, 4).rows
    const second = instance(keychain)
    await decide(first, rows[0]!.casePk)
    await decide(second, rows[3]!.casePk) // the signing key exists in both now
    await first.review.undoLast() // the chain's last undoable is the first window's rows[0] again
    await decide(first, rows[1]!.casePk)
    // u in the first window (its last decision: rows[1]) while the second window decides rows[2].
    // The second window's decision lands while the first window's undo is being signed (as it
    // does at any moment between two processes; held here so it always does).
    const keys = (first.review as unknown as { options: { keys: { activeKey(): Promise<{ sign(json: string): Promise<string> }> } } }).options.keys
    const activeKey = keys.activeKey.bind(keys)
    let decidedMeanwhile: Promise<unknown> | undefined
    keys.activeKey = async () => {
      const key = await activeKey()
      return Object.assign(Object.create(key) as typeof key, {
        sign: async (json: string) => {
          const jws = await key.sign(json)
          await (decidedMeanwhile ??= decide(second, rows[2]!.casePk))
          return jws
        }
      })
    }
    const undone = await first.review.undoLast()
    const stored = readDecisionRows(join(dir.path, 'app'))
    const byId = new Map(stored.map((row) => [row.record.id, row.record.caseId]))
    const retractedNow = stored.at(-1)!.record.outcome === 'retract' ? stored.at(-1)! : stored.at(-2)!
    // Seen: the undo's record, signed over the head before the second window's decision, is
    // signed again on the new head — and then lastUndoable() is that new decision (rows[2]), so
    // the second window's decision is taken back and rows[1] stays, to be sent.
    expect({ title: undone.caseTitle, retracted: byId.get(retractedNow.record.retracts!) }).toEqual({
      title: first.review.caseDetail(rows[1]!.casePk).reviewCase.title,
      retracted: caseIdOf(first, rows[1]!.casePk)
    })
    expect(await first.audit.verifyChain()).toMatchObject({ ok: true })
  })
})
