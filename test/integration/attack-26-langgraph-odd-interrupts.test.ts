import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { FaultProxy, type FaultPlan, type ProxiedRequest } from '../fixtures/attack-26-fault-proxy'
import { REVIEWER, resourcesDir } from '../fixtures/sync-fixtures'
import { threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26: interrupts whose value is not quite what LangChain emits, from a real langgraphjs dev
// server (through a proxy where the server itself cannot be made to send it).

const langgraph = withLangGraph('countersign-a26-lg-odd-')
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

async function openBehindProxy(tag: string): Promise<AppServices> {
  proxy = await FaultProxy.start(langgraph.server.url)
  const app = openAppServices({ dataDir: join(langgraph.dir, `app-${tag}`), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  await app.settings.save({ config: { id: 'agents', kind: 'langgraph', name: 'Agents', url: proxy.url, metadata: { test: tag }, syncIntervalSeconds: 3600 } })
  return app
}

describe('interrupt values LangChain does not quite emit', () => {
  it('an Agent Inbox call whose arguments hold a member named "__proto__": the reviewer is shown every member the graph will run with', async () => {
    // A Python graph passes a model's tool arguments on as they are; a prompt-injected model can name
    // an argument "__proto__". JSON has no reserved names: the member is part of what the tool gets.
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26p' })
    const app = await openBehindProxy('a26p')
    try {
      // The first pull (started by saving the backend) is over before the listing is rewritten.
      await app.sync.syncNow()
      let rewritten = 0
      proxy!.plan = (request: ProxiedRequest): FaultPlan =>
        request.method === 'POST' && request.path === '/threads/search'
          ? {
              kind: 'rewrite',
              rewrite: (status, body) => {
                const changed = body.replace(/"args":\s*\{\s*"to":/g, '"args":{"__proto__":{"bcc":"mallory@evil.example"},"to":')
                if (changed !== body) rewritten++
                return { status, body: changed }
              }
            }
          : { kind: 'forward' }
      await app.sync.syncNow()
      expect(rewritten).toBeGreaterThan(0)
      const [row] = threadRows(app, threadId)
      expect(row).toBeDefined()
      const shown = app.review.caseDetail(row!.casePk).reviewCase
      const proposal = shown.kind === 'text-approval' ? shown.proposal.text : ''
      console.log('a26 __proto__ proposal:', JSON.stringify(proposal))
      // Either shown, or the case refused by name; never silently left out of what is signed.
      expect(proposal).toContain('mallory@evil.example')
    } finally {
      app.close()
    }
  }, 120_000)

  it('an agent turn of 51 tool calls (humanInTheLoopMiddleware asks about all of them): each call is a case to decide', async () => {
    const toolCalls = Array.from({ length: 51 }, (_, index) => ({ name: 'post_note', args: { text: `note ${index + 1}` } }))
    const threadId = await langgraph.server.interruptedThread('agent', { messages: [{ role: 'user', content: JSON.stringify({ toolCalls }) }] }, { test: 'a26m' })
    const thread = await langgraph.server.thread(threadId)
    const [interrupt] = Object.values(thread.interrupts).flat()
    expect((interrupt!.value as { actionRequests: unknown[] }).actionRequests).toHaveLength(51)
    const app = await langgraph.openApp('a26m')
    const rows = threadRows(app, threadId)
    const cases = rows.map((row) => app.review.caseDetail(row.casePk).reviewCase)
    console.log('a26 51 calls:', rows.length, JSON.stringify(cases.map((c) => [c.title, c.decisionNeeded])).slice(0, 600))
    // A real middleware payload: each call a case (as for 50), or at least a message naming what is wrong.
    // Measured: one read-only case, 'a request Countersign does not recognise' (at most 50 were read).
    expect(rows).toHaveLength(51)
    expect(cases.every((reviewCase) => reviewCase.options.length > 0)).toBe(true)
  }, 120_000)

  it('the listing answered with an HTML error page (a proxy’s 200): the status names it, and the cached cases stay', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26h' })
    const app = await openBehindProxy('a26h')
    try {
      await app.sync.syncNow()
      expect(threadRows(app, threadId)).toHaveLength(1)
      proxy!.plan = (request: ProxiedRequest): FaultPlan =>
        request.path === '/threads/search' ? { kind: 'answer', status: 200, body: '<html><body>Session expired</body></html>', headers: { 'content-type': 'text/html' } } : { kind: 'forward' }
      await app.sync.syncNow()
      const status = app.sync.status()[0]!
      console.log('a26 html listing:', JSON.stringify(status))
      expect(status.lastError).toMatch(/POST \/threads\/search/)
      expect(status.lastError).toMatch(/invalid JSON/)
      expect(threadRows(app, threadId)).toHaveLength(1)
    } finally {
      app.close()
    }
  }, 120_000)
})

describe('one thread the server cannot read', () => {
  it('a thread answering 500 while its case is reconciled: the other answered threads are still withdrawn', async () => {
    const [broken, answered] = [
      await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Broken' }, { test: 'a26b' }),
      await langgraph.server.interruptedThread('inbox', { to: 'bob@example.com', subject: 'Answered' }, { test: 'a26b' })
    ]
    const app = await openBehindProxy('a26b')
    try {
      await app.sync.syncNow()
      expect(threadRows(app, broken)).toHaveLength(1)
      expect(threadRows(app, answered)).toHaveLength(1)
      // Both are answered elsewhere (no longer listed); one of them now fails on the server when read.
      for (const threadId of [broken, answered]) {
        const [interrupt] = Object.values((await langgraph.server.thread(threadId)).interrupts).flat()
        await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', command: { resume: { [interrupt!.id]: [{ type: 'ignore', args: null }] } } })
      }
      proxy!.plan = (request: ProxiedRequest): FaultPlan =>
        request.method === 'GET' && request.path.startsWith(`/threads/${broken}`) ? { kind: 'answer', status: 500, body: '{"detail":"Failed to deserialize checkpoint"}' } : { kind: 'forward' }
      await app.sync.syncNow()
      await app.sync.syncNow()
      const status = app.sync.status()[0]!
      console.log('a26 one unreadable thread:', JSON.stringify(status), 'broken rows', threadRows(app, broken).length, 'answered rows', threadRows(app, answered).length)
      expect(threadRows(app, broken)).toHaveLength(1)
      // A thread that cannot be read keeps its cases — and only its own.
      expect(threadRows(app, answered)).toHaveLength(0)
    } finally {
      app.close()
    }
  }, 120_000)
})
