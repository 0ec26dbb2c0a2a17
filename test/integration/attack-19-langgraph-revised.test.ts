import { expect, it } from 'vitest'
import { waitFor } from '../fixtures/sync-fixtures'
import { threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 19 on a real langgraphjs dev server. The cache numbers LangGraph's revisions: the graph's
// owners declare the request irreversible and money-moving (`countersign_risk` in the thread's
// metadata) after the reviewer approved it as reversible and internal, while the approval waits
// out its undo window. The next pull makes that revision 2 of the case. A Review API service
// refuses a decision on an older revision ('revised'); nobody does here: the approval made on
// revision 1 resumes the thread.

const langgraph = withLangGraph('countersign-a19-lg-revised-')

it('a decision on revision 1 is not applied once the cache holds revision 2 (risk declared irreversible meanwhile)', async () => {
  const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a19r' })
  const app = await langgraph.openApp('a19r', { undoGraceMs: 4_000 })
  const casePk = app.repositories.cases.pkOf('agents', threadRows(app, threadId)[0]?.caseId ?? '')!
  const seen = app.review.caseDetail(casePk)
  expect(seen.reviewCase.risk).toMatchObject({ reversible: true, touchesMoney: false })
  await app.review.decide({ casePk, revision: 1, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })

  await langgraph.server.call('PATCH', `/threads/${threadId}`, {
    metadata: { countersign_risk: { reversible: false, audience: 'customer', touchesMoney: true, touchesAccess: false, touchesLegal: false, irreversibleEffect: 'Pays out 90,000 EUR.' } }
  })
  await app.sync.syncNow()
  const now = app.review.caseDetail(casePk)
  expect(now.reviewCase).toMatchObject({ revision: 2, risk: { reversible: false, touchesMoney: true } })

  // The undo window ends; the approval made on revision 1 goes out.
  await new Promise((resolve) => setTimeout(resolve, 4_500))
  await app.sync.syncNow()
  await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0)
  const settled = await langgraph.server.settledThread(threadId)
  // Measured: resumed, "sent as proposed"; the approval is 'delivered'.
  expect(settled.values.done).toEqual([])
  // Listed as not applied, saying why.
  expect(app.undelivered.list()).toHaveLength(1)
  expect(JSON.stringify(app.undelivered.list()[0])).toContain('revision 2')
}, 120_000)
