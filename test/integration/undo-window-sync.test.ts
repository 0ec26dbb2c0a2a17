import { beforeAll, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { teamQueue, waitFor } from '../fixtures/sync-fixtures'
import { withReviewApi } from '../fixtures/with-review-api'

// Newcomer 21: the README promises `u` for 10 s, a decision being sent once its undo window has
// passed. A sync that reached the backend (the automatic one, or `s`) sent every decision waiting
// in the outbox at once, undo window or not: "the backend answered, whatever waited can go now"
// also released decisions that waited for the reviewer, not for the backend. A decision made
// 0.65 s before the automatic sync was delivered, and `u` then said it had already left.

const UNDO_GRACE_MS = 3_000
const suite = withReviewApi(undefined, { per: 'file' })
let backend: ReferenceBackend
let services: AppServices

beforeAll(async () => {
  ;({ app: services, backend } = await suite.start(generateCases({ count: 3, seed: 21, baseTime: new Date() }), { undoGraceMs: UNDO_GRACE_MS }))
})

it('a sync that reaches the backend sends no decision still in its undo window; u still undoes it; it goes once the window has passed', async () => {
  const [first, second] = teamQueue(services)
  const decidedAt = Date.now()
  await services.review.decide({ casePk: first!.casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString() })
  await services.review.decide({ casePk: second!.casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString() })
  await services.sync.syncNow()
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(Date.now() - decidedAt, 'the test itself ran within the window').toBeLessThan(UNDO_GRACE_MS)
  expect(backend.store.decisions()).toEqual([])
  await expect(services.review.undoLast()).resolves.toBeDefined()
  const [delivered] = await waitFor(() => backend.store.decisions(), (list) => list.length > 0, 20_000)
  expect(Date.now() - decidedAt).toBeGreaterThanOrEqual(UNDO_GRACE_MS)
  expect(delivered!.caseId).toBe(first!.caseId)
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(backend.store.decisions().map((decision) => decision.caseId)).toEqual([first!.caseId])
}, 40_000)

it('undo gives back a decision’s edits only while the case is at the revision decided: on one its backend sent since, they are left in its history', async () => {
  const { textCase, detail } = await approveWithEditThenRevise()
  await services.sync.syncNow()
  expect(services.review.caseDetail(textCase.casePk).reviewCase.revision).toBe(detail.reviewCase.revision + 1)
  await expect(services.review.undoLast()).resolves.toMatchObject({ casePk: textCase.casePk, edits: {}, editsLeftBehind: true })
})

it('a revision that arrives while the retraction is being signed counts too: the edits stay in the history', async () => {
  const { textCase, detail } = await approveWithEditThenRevise()
  // Signing waits for a key store (the OS keychain); a sync may run meanwhile. Here it always does.
  const keys = services.keys
  const activeKey = keys.activeKey.bind(keys)
  keys.activeKey = async () => {
    const key = await activeKey()
    return Object.assign(Object.create(key) as typeof key, { sign: async (text: string) => (await services.sync.syncNow(), key.sign(text)) })
  }
  try {
    await expect(services.review.undoLast()).resolves.toMatchObject({ casePk: textCase.casePk, edits: {}, editsLeftBehind: true })
  } finally {
    keys.activeKey = activeKey
  }
  expect(services.review.caseDetail(textCase.casePk).reviewCase.revision).toBe(detail.reviewCase.revision + 1)
})

/** Approves a pending reply with an edit, then has its backend revise it (not yet synced). */
async function approveWithEditThenRevise() {
  const textCase = teamQueue(services).find((row) => row.kind === 'text-approval')!
  const detail = services.review.caseDetail(textCase.casePk)
  const old = detail.reviewCase.kind === 'text-approval' ? detail.reviewCase.proposal.text : ''
  await services.review.decide({ casePk: textCase.casePk, revision: detail.reviewCase.revision, outcome: 'approve', editedValues: { text: `${old} MY EDIT.` }, openedAt: new Date().toISOString() })
  backend.store.revise(textCase.caseId, (c) => (c.kind === 'text-approval' ? { ...c, proposal: { ...c.proposal, text: `${c.proposal.text}\nBACKEND LINE.` } } : c))
  return { textCase, detail }
}
