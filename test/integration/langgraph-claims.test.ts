import { expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import { CLAIM_METADATA_KEY } from '../../electron/services/backends/langgraph/advisory-claim'
import { waitFor } from '../fixtures/sync-fixtures'
import { withLangGraph } from '../fixtures/with-langgraph'

const langgraph = withLangGraph('countersign-langgraph-claims-')

/** One reviewer's app on its own data directory, pointed at the shared LangGraph server. */
function openReviewer(reviewer: string): Promise<AppServices> {
  return langgraph.openApp('claims', { reviewer, dataDirName: reviewer, claimDwellMs: 0 })
}

it('an advisory claim in the thread’s metadata: written on open, honoured by a second client, cleared when the reviewer decides and moves on', async () => {
  const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'claims' })
  const dana = await openReviewer('dana')
  const erin = await openReviewer('erin')
  const rowOf = (app: AppServices) => app.review.queuePage(0, 50).rows.find((row) => row.caseId.startsWith(`${threadId}:`))!

  dana.claims.view(rowOf(dana).casePk)
  const claim = (await waitFor(
    async () => (await langgraph.server.thread(threadId)).metadata[CLAIM_METADATA_KEY],
    (value) => value !== undefined
  )) as { holder: string; expiresAt: string }
  expect(claim.holder).toBe('dana')
  expect(Date.parse(claim.expiresAt) - Date.now()).toBeGreaterThan(60_000)

  // Erin's client reads the claim before writing its own, and shows it instead.
  erin.claims.view(rowOf(erin).casePk)
  await waitFor(() => erin.claims.list(), (holds) => holds.length > 0)
  expect(erin.claims.list()).toEqual([{ casePk: rowOf(erin).casePk, holder: 'dana', mine: false, purpose: 'colleague', expiresAt: new Date(Date.parse(claim.expiresAt)).toISOString() }])
  expect(((await langgraph.server.thread(threadId)).metadata[CLAIM_METADATA_KEY] as { holder: string }).holder).toBe('dana')
  expect(erin.insights.report().claims.map((week) => week.conflictsAvoided)).toEqual([1])

  // Dana decides and the next case opens: her claim is cleared; the decision resumes the thread.
  const detail = dana.review.caseDetail(rowOf(dana).casePk)
  await dana.review.decide({ casePk: detail.casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt: new Date().toISOString() })
  dana.claims.view(null)
  await dana.claims.settled()
  expect((await langgraph.server.thread(threadId)).metadata[CLAIM_METADATA_KEY]).toBeNull()
  const settled = await langgraph.server.settledThread(threadId)
  expect(settled.status).not.toBe('interrupted')
}, 60_000)
