import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../electron/services/hashing'
import { canonicalJson } from '../../shared/canonical-json'
import { parseJson, stringifyJson } from '../../shared/json/exact-json'
import { FIDELITY_NAMES, FIDELITY_TEXTS, type FidelityName } from '../fixtures/fidelity/corpus'
import { pendingInterrupts } from '../fixtures/langgraph-server'
import { waitFor } from '../fixtures/sync-fixtures'
import { readDecisionRows } from '../fixtures/sqlite'
import { withLangGraph } from '../fixtures/with-langgraph'

// The fidelity corpus through a LangGraph backend: the Agent Inbox fixture graph on a real
// `langgraphjs dev` proposes an email whose recipient and subject are corpus samples. What the
// reviewer is shown is what the server sent; an unedited approval leaves the arguments to the
// agent as they were; an edit returns every sample the reviewer did not touch exactly.

const langgraph = withLangGraph('countersign-langgraph-fidelity-')

describe('the fidelity corpus through LangGraph', () => {
  it('shows the arguments exactly as sent, and returns untouched samples exactly', async () => {
    const threads = new Map<string, { name: FidelityName; edit: boolean }>()
    const shownHashes = new Map<string, string>()
    for (const name of FIDELITY_NAMES) {
      for (const edit of [false, true]) {
        const input = { to: FIDELITY_TEXTS[name], subject: `Subject: ${FIDELITY_TEXTS[name].slice(0, 200)}` }
        threads.set(await langgraph.server.interruptedThread('inbox', input, { test: 'fidelity' }), { name, edit })
      }
    }
    const services = await langgraph.openApp('fidelity', { dataDirName: 'app' })
    const rows = services.review.queuePage(0, 500).rows
    expect(rows).toHaveLength(threads.size)

    for (const [threadId, { name, edit }] of threads) {
      const sample = FIDELITY_TEXTS[name]
      const detail = services.review.caseDetail(rows.find((row) => row.caseId.startsWith(`${threadId}:`))!.casePk)
      const shown = (detail.reviewCase.proposal as { text: string }).text
      // Shown equals sent: the arguments as the server sends them, every character kept.
      const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
      const sentArgs = (interrupt!.value as [{ action_request: { args: Record<string, unknown> } }])[0].action_request.args
      expect(shown).toBe(stringifyJson(sentArgs, 2))
      expect((parseJson(shown) as { to: string }).to).toBe(sample)
      shownHashes.set(threadId, sha256Hex(canonicalJson(detail.reviewCase)))
      const editedValues = edit ? { text: stringifyJson({ ...sentArgs, subject: 'Edited subject' }, 2) } : undefined
      const receipt = await services.review.decide({ casePk: detail.casePk, revision: 1, outcome: 'approve', openedAt: new Date().toISOString(), editedValues })
      expect(receipt.outcome, name).toBe(edit ? 'approve-with-edits' : 'approve')
    }

    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0, 60_000)
    const records = new Map(readDecisionRows(join(langgraph.dir, 'app')).map((row) => [row.record.caseId.split(':')[0], row.record]))
    for (const [threadId, { name, edit }] of threads) {
      const finished = await langgraph.server.settledThread(threadId)
      const [answer] = finished.values.answers as [{ type: string; args: { action: string; args: Record<string, unknown> } | null }]
      if (edit) {
        expect(answer.type).toBe('edit')
        expect(answer.args!.args['to'], name).toBe(FIDELITY_TEXTS[name])
        expect(answer.args!.args['subject']).toBe('Edited subject')
      } else {
        expect(answer, name).toEqual({ type: 'accept', args: null })
      }
      // The hash the signed record carries covers the case exactly as it was shown.
      const record = records.get(threadId)!
      expect(record.shownContentHash).toBe(shownHashes.get(threadId))
      expect((parseJson((record.proposed as { text: string }).text) as { to: string }).to).toBe(FIDELITY_TEXTS[name])
    }
  }, 120_000)
})
