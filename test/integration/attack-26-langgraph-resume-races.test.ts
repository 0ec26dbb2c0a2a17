import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAppServices, type AppServices } from '../../electron/services/app-services'
import { FaultProxy, isResume, type FaultPlan, type ProxiedRequest } from '../fixtures/attack-26-fault-proxy'
import { pendingInterrupts } from '../fixtures/langgraph-server'
import { resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { approveFirst, outboxStates, threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 26: the LangGraph platform misbehaves while a decision is on its way. The app writes its
// signed decision into the thread's metadata (PATCH), then resumes (POST /threads/{id}/runs). When
// the resume does not go through (a gateway's 502, a busy thread) the marker stays on the thread;
// when a colleague then answers the interrupt in another inbox, the next push finds the interrupt
// gone and the marker its own, and settles the decision as 'duplicate' — delivered — though the
// graph ran on the colleague's answer, never the reviewer's.

const langgraph = withLangGraph('countersign-a26-lg-races-')
let proxy: FaultProxy | undefined

/** The app behind a FaultProxy the test steers (`proxy`). */
async function openBehindProxy(tag: string): Promise<AppServices> {
  const opened = await langgraph.openAppBehindProxy(tag)
  proxy = opened.proxy
  return opened.app
}

/** A colleague answers the interrupt in another inbox (Agent Inbox's "ignore"), and the run finishes. */
async function colleagueIgnores(threadId: string): Promise<void> {
  const [interrupt] = pendingInterrupts(await langgraph.server.thread(threadId))
  await langgraph.server.call('POST', `/threads/${threadId}/runs/wait`, { assistant_id: 'inbox', command: { resume: { [interrupt!.id]: [{ type: 'ignore', args: null }] } } })
}

describe('a resume that does not go through, then the interrupt is answered elsewhere', () => {
  it('a 502 on the resume, then a colleague ignores the request: the approval is not reported delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26r1' })
    const services = await openBehindProxy('a26r1')
    // Every resume fails until the colleague has answered (a retry that got through first would rightly deliver the approval).
    let failed = 0
    let colleagueAnswered = false
    proxy!.plan = (request: ProxiedRequest): FaultPlan =>
      isResume(request) && !colleagueAnswered && ++failed > 0 ? { kind: 'answer', status: 502, body: '{"detail":"Bad gateway"}' } : { kind: 'forward' }
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.lastError !== null || status.pendingPushes === 0, 15_000)
    expect(failed).toBeGreaterThanOrEqual(1)
    expect(outboxStates(services).map((entry) => entry.state)).toEqual(['pending'])

    await colleagueIgnores(threadId)
    colleagueAnswered = true
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
    const finished = await langgraph.server.settledThread(threadId)
    // The graph ran on the colleague's answer only.
    expect(finished.values.done).toEqual(['ignored'])
    console.log('a26 502-then-elsewhere:', JSON.stringify(outboxStates(services)), JSON.stringify(services.undelivered.list()))
    // The reviewer's approval never reached the graph: it must not read as delivered, and is listed as not applied.
    expect(outboxStates(services)).not.toEqual([{ state: 'delivered', code: null }])
    expect(services.undelivered.list()).toHaveLength(1)
  }, 120_000)

  it('a colleague answers between the app’s check and its resume: the approval is not reported delivered', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26r2' })
    const services = await openBehindProxy('a26r2')
    let raced = false
    proxy!.plan = async (request: ProxiedRequest): Promise<FaultPlan> => {
      // The app has looked at the thread and sends its resume: the colleague's answer lands first.
      if (!raced && isResume(request)) {
        raced = true
        await colleagueIgnores(threadId)
      }
      return { kind: 'forward' }
    }
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
    expect(raced).toBe(true)
    const finished = await langgraph.server.settledThread(threadId)
    expect(finished.values.done).toEqual(['ignored'])
    console.log('a26 race:', JSON.stringify(outboxStates(services)), JSON.stringify(services.undelivered.list()), JSON.stringify(services.sync.status()[0]))
    expect(outboxStates(services)).not.toEqual([{ state: 'delivered', code: null }])
    expect(services.undelivered.list()).toHaveLength(1)
  }, 120_000)

  it('the connection drops after the resume reached the server: applied exactly once, delivered, nothing listed as not applied', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26r3' })
    const services = await openBehindProxy('a26r3')
    let dropped = 0
    proxy!.plan = (request: ProxiedRequest): FaultPlan => (isResume(request) && dropped++ === 0 ? { kind: 'forward-then-drop' } : { kind: 'forward' })
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    await langgraph.server.settledThread(threadId)
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
    const finished = await langgraph.server.settledThread(threadId)
    expect(dropped).toBeGreaterThanOrEqual(1)
    expect(finished.values.done).toEqual(['sent as proposed'])
    expect(await langgraph.server.runCount(threadId)).toBe(2)
    expect(outboxStates(services)).toEqual([{ state: 'delivered', code: null }])
    expect(services.undelivered.list()).toEqual([])
  }, 120_000)

  it('the head state answered 404 while the thread itself answers: the decision is not settled as “the thread no longer exists”', async () => {
    // A gateway routing only part of the API, or an older server without /state: the thread is
    // there (GET /threads/{id} answers it, interrupted), only its head cannot be read.
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26r4' })
    const services = await openBehindProxy('a26r4')
    proxy!.plan = (request: ProxiedRequest): FaultPlan =>
      request.method === 'GET' && /\/state$/.test(request.path) ? { kind: 'answer', status: 404, body: '{"detail":"Not Found"}' } : { kind: 'forward' }
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    // The push waits for the state, saying why.
    await waitFor(() => services.db.prepare<[], { error: string | null }>('SELECT last_error AS error FROM outbox').get()!, (row) => row.error !== null, 20_000)
    const thread = await langgraph.server.thread(threadId)
    console.log('a26 state 404:', thread.status, JSON.stringify(outboxStates(services)), JSON.stringify(services.undelivered.list()).slice(0, 400))
    expect(thread.status).toBe('interrupted')
    expect(services.undelivered.list().map((entry) => entry.detail)).not.toContain('The thread no longer exists on the LangGraph server.')
    expect(outboxStates(services)).toEqual([{ state: 'pending', code: null }])
    expect(services.db.prepare<[], { error: string }>('SELECT last_error AS error FROM outbox').get()!.error).toMatch(/state cannot be read \(HTTP 404\)/)
  }, 120_000)

  it('two Countersign reviewers decide the same request a round trip apart: one answer reaches the graph, and only its decision reads delivered and is on the thread', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26r5' })
    const erin = await openBehindProxy('a26r5')
    const ann = openAppServices({ dataDir: join(langgraph.dir, 'app-a26r5-ann'), resourcesDir, reviewer: 'ann@example.com', appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
    try {
      await ann.settings.save({ config: { id: 'agents', kind: 'langgraph', name: 'Agents', url: langgraph.server.url, metadata: { test: 'a26r5' }, syncIntervalSeconds: 3600 } })
      await ann.sync.syncNow()
      // The first reviewer (REVIEWER, app 'erin') rejects; her app has looked at the thread and sends its resume when Ann's approval goes through.
      let raced = false
      proxy!.plan = async (request: ProxiedRequest): Promise<FaultPlan> => {
        if (!raced && isResume(request)) {
          raced = true
          await approveFirst(ann, threadId)
          await ann.sync.syncNow()
          await waitFor(() => ann.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
          await langgraph.server.settledThread(threadId)
        }
        return { kind: 'forward' }
      }
      const [row] = threadRows(erin, threadId)
      const seen = erin.review.caseDetail(row!.casePk)
      await erin.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'reject', reasonCode: 'other', note: 'Do not send.', openedAt: new Date(Date.now() - 5_000).toISOString() })
      await erin.sync.syncNow()
      await waitFor(() => erin.sync.status()[0]!, (status) => status.pendingPushes === 0, 20_000)
      expect(raced).toBe(true)
      const finished = await langgraph.server.settledThread(threadId)
      const marker = Object.entries(finished.metadata).find(([key]) => key.startsWith('countersign:') && key !== 'countersign:claim')?.[1] as { record?: { reviewer?: string; outcome?: string } } | undefined
      console.log('a26 two reviewers:', JSON.stringify(finished.values.done), 'ann', JSON.stringify(outboxStates(ann)), 'erin', JSON.stringify(outboxStates(erin)), 'marker', JSON.stringify(marker?.record ? { reviewer: marker.record.reviewer, outcome: marker.record.outcome } : marker))
      expect(finished.values.done).toEqual(['sent as proposed'])
      expect(outboxStates(ann)).toEqual([{ state: 'delivered', code: null }])
      // Erin's rejection never reached the graph, and the thread's signed record must be the decision applied.
      expect(outboxStates(erin)).not.toEqual([{ state: 'delivered', code: null }])
      expect(marker?.record?.outcome).toBe('approve')
    } finally {
      ann.close()
    }
  }, 120_000)
})

describe('a resume run cancelled by the platform before it runs', () => {
  it('the answer never reaches the graph: the decision does not stay “delivered” while the thread waits on the same request', async () => {
    const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a26c' })
    const services = await openBehindProxy('a26c')
    // The platform queues the resume (it waits as a pending run), and an operator cancels it there.
    proxy!.plan = (request: ProxiedRequest): FaultPlan => {
      if (!isResume(request)) return { kind: 'forward' }
      return { kind: 'forward', body: JSON.stringify({ ...(JSON.parse(request.body) as object), after_seconds: 30 }) }
    }
    await approveFirst(services, threadId)
    await services.sync.syncNow()
    // The run waits its 30 s: the decision is sent, not yet delivered.
    await waitFor(() => services.db.prepare<[], { error: string | null }>('SELECT last_error AS error FROM outbox').get()!, (row) => row.error !== null, 20_000)
    expect(outboxStates(services)).toEqual([{ state: 'pending', code: null }])
    const runs = await langgraph.server.call<{ run_id: string; status: string }[]>('GET', `/threads/${threadId}/runs?limit=10`)
    const runId = runs.find((run) => run.status === 'pending')?.run_id
    expect(runId).toBeDefined()
    const cancelled = await fetch(`${langgraph.server.url}/threads/${threadId}/runs/${runId}/cancel?action=interrupt`, { method: 'POST' })
    expect(cancelled.status).toBeLessThan(300)
    const after = await langgraph.server.settledThread(threadId)
    const head = await langgraph.server.call<{ next: string[]; tasks: { interrupts: unknown[] }[] }>('GET', `/threads/${threadId}/state`)
    console.log('a26 after cancel:', after.status, JSON.stringify(after.values.done), JSON.stringify(after.interrupts).slice(0, 120), JSON.stringify(head.next), JSON.stringify(head.tasks).slice(0, 200))
    expect(after.values.done).toEqual([])
    proxy!.plan = () => ({ kind: 'forward' })
    const notApplied = await waitFor(async () => (await services.sync.syncNow(), services.undelivered.list()), (list) => list.length > 0, 20_000)
    expect(notApplied.map((entry) => [entry.state, entry.code])).toEqual([['rejected', 'not-applied']])
    expect(notApplied[0]!.detail).toMatch(/^The LangGraph run carrying this answer was cancelled before the graph took it/)
    const rows = threadRows(services, threadId)
    console.log('a26 cancelled resume:', after.status, JSON.stringify((await langgraph.server.call<{ status: string }[]>('GET', `/threads/${threadId}/runs?limit=10`)).map((run) => run.status)), JSON.stringify(outboxStates(services)), JSON.stringify(services.undelivered.list()).slice(0, 300), 'rows', rows.length)
    // The thread still waits on the request the reviewer answered: either the answer goes again, or
    // the reviewer is told it was not applied and can decide again.
    // Measured: the cancelled run leaves the thread 'idle' (so no longer listed as interrupted), its
    // head still waiting on the very interrupt the reviewer answered; nothing was applied.
    const stillAsked = await langgraph.server.call<{ tasks: { interrupts?: { id: string }[] }[] }>('GET', `/threads/${threadId}/state`)
    expect(stillAsked.tasks.flatMap((task) => task.interrupts ?? []).length).toBe(1)
    expect({ delivered: outboxStates(services)[0]!.state === 'delivered', rows: rows.length, notApplied: services.undelivered.list().length }).not.toEqual({ delivered: true, rows: 0, notApplied: 0 })
  }, 120_000)
})
