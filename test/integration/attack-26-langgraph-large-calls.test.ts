import { describe, expect, it } from 'vitest'
import { threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26: an agent (createAgent + humanInTheLoopMiddleware, `post_note: true`) proposes a call
// whose arguments are long — a note of 25,000 characters, as an agent drafting a report writes.
// The middleware's default description quotes the arguments in full, so the description alone is
// over the 20,000 characters a case's briefing may hold.

const langgraph = withLangGraph('countersign-a26-lg-large-')

describe('long tool calls from a real agent', () => {
  it('a note of 25,000 characters: the reviewer gets a case to decide, not a refused one', async () => {
    const text = 'Quarterly summary. '.repeat(1_316).slice(0, 25_000)
    const threadId = await langgraph.server.interruptedThread('agent', { messages: [{ role: 'user', content: JSON.stringify({ toolCalls: [{ name: 'post_note', args: { text } }] }) }] }, { test: 'a26l' })
    const thread = await langgraph.server.thread(threadId)
    const [interrupt] = Object.values(thread.interrupts).flat()
    const description = (interrupt!.value as { actionRequests: { description: string }[] }).actionRequests[0]!.description
    expect(description.length).toBeGreaterThan(20_000)
    const app = await langgraph.openApp('a26l')
    const rows = threadRows(app, threadId)
    const status = app.sync.status()[0]!
    const quarantined = app.db.prepare<[], { case_id: string; message: string }>('SELECT * FROM quarantine').all()
    console.log('a26 long note:', rows.length, JSON.stringify(status), JSON.stringify(quarantined).slice(0, 500))
    expect(rows).toHaveLength(1)
    const shown = app.review.caseDetail(rows[0]!.casePk).reviewCase
    expect(shown.kind === 'text-approval' ? shown.proposal.text : '').toContain(text)
  }, 120_000)

  it('a file of 1.1 MB to write: the reviewer gets a case saying it is too long to show, not nothing', async () => {
    const text = 'line of the generated file\n'.repeat(42_000)
    expect(text.length).toBeGreaterThan(1_100_000)
    const threadId = await langgraph.server.interruptedThread('agent', { messages: [{ role: 'user', content: JSON.stringify({ toolCalls: [{ name: 'post_note', args: { text } }] }) }] }, { test: 'a26x' })
    const app = await langgraph.openApp('a26x')
    const rows = threadRows(app, threadId)
    const status = app.sync.status()[0]!
    const quarantined = app.db.prepare<[], { case_id: string; message: string }>('SELECT case_id, message FROM quarantine').all()
    console.log('a26 1.1 MB note:', rows.length, JSON.stringify(status).slice(0, 400), JSON.stringify(quarantined).slice(0, 500))
    // Nothing the server lists disappears: a case, read-only if it must be, saying why.
    expect(rows).toHaveLength(1)
    const shown = app.review.caseDetail(rows[0]!.casePk).reviewCase
    expect(shown.decisionNeeded).toMatch(/^The arguments of post_note are 1,176,\d{3} characters, more than Countersign shows whole \(1,000,000\)/)
    expect(shown.options).toEqual([])
    expect(quarantined).toEqual([])
  }, 120_000)
})
