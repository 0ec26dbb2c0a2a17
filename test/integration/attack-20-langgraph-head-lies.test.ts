import { createServer, request as httpRequest, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openAppServices } from '../../electron/services/app-services'
import { REVIEWER, resourcesDir, waitFor } from '../fixtures/sync-fixtures'
import { threadRows, withLangGraph } from '../fixtures/with-langgraph'

// Attack 20: a LangGraph server (or a proxy in front of one) whose `GET /threads/{id}/state`
// answers without `tasks` (an older langgraph-api, a trimmed answer). head-checkpoint.ts reads a
// missing `tasks` as "the head waits on nothing": every decision is then settled as a 'revised'
// conflict, never sent, and the graph is re-run with no input to ask again — which asks the same
// question again under a new id, so no decision can ever reach that server. An answer that does
// not say which interrupts the head waits on is not proof that it waits on none.

const langgraph = withLangGraph('countersign-a20-lg-head-')
let proxy: Server | undefined
afterAll(() => proxy?.close())

/** A proxy to the real server that drops `tasks` from the head state's answer. */
async function trimmingProxy(target: string): Promise<string> {
  const upstream = new URL(target)
  proxy = createServer((incoming, outgoing) => {
    const trim = incoming.method === 'GET' && /^\/threads\/[^/]+\/state$/.test(incoming.url ?? '')
    const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: { ...incoming.headers, host: upstream.host } }, (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => {
        let body = Buffer.concat(chunks)
        if (trim && answer.statusCode === 200) {
          const state = JSON.parse(body.toString('utf8')) as Record<string, unknown>
          delete state['tasks']
          body = Buffer.from(JSON.stringify(state))
        }
        const headers = { ...answer.headers }
        delete headers['content-length']
        delete headers['transfer-encoding']
        outgoing.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': body.length })
        outgoing.end(body)
      })
    })
    forwarded.on('error', () => outgoing.destroy())
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve))
  const address = proxy.address() as { port: number }
  return `http://127.0.0.1:${address.port}`
}

it('a head state without `tasks` does not turn every decision into a revised conflict and a re-run', async () => {
  const threadId = await langgraph.server.interruptedThread('inbox', { to: 'ann@example.com', subject: 'Refund' }, { test: 'a20h' })
  const url = await trimmingProxy(langgraph.server.url)
  const app = openAppServices({ dataDir: join(langgraph.dir, 'app-a20h'), resourcesDir, reviewer: REVIEWER, appVersion: '1.0.0-test', undoGraceMs: 0, watchSla: false })
  try {
    await app.settings.save({ config: { id: 'agents', kind: 'langgraph', name: 'Agents', url, metadata: { test: 'a20h' }, syncIntervalSeconds: 3600 } })
    await app.sync.syncNow()
    const [row] = threadRows(app, threadId)
    const seen = app.review.caseDetail(row!.casePk)
    await app.review.decide({ casePk: seen.casePk, revision: seen.reviewCase.revision, shownContentHash: seen.contentHash, outcome: 'approve', openedAt: new Date(Date.now() - 5_000).toISOString() })
    await app.sync.syncNow()
    await waitFor(() => app.sync.status()[0]!, (status) => status.pendingPushes === 0 || status.lastError !== null, 20_000).catch(() => undefined)
    const settled = await langgraph.server.settledThread(threadId)
    const notApplied = app.undelivered.list()
    console.log('a20 head without tasks:', JSON.stringify(settled.values).slice(0, 200), JSON.stringify(notApplied).slice(0, 400), JSON.stringify(app.sync.status()[0]))
    // The state was never edited: the approval must not be refused as 'revised'.
    expect(notApplied.filter((entry) => entry.code === 'revised')).toEqual([])
  } finally {
    app.close()
  }
}, 120_000)
