import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppServices } from '../../electron/services/app-services'
import type { ReferenceBackend } from '../reference-backend/server'
import { generateCases } from '../fixtures/case-generator'
import { makeTempDir } from '../fixtures/temp-dir'
import { LONGEST_QUIET_WAIT_MS } from '../../electron/services/sync/reviewer-activity'
import { newToken, openWithBackend, REVIEWER, startBackend, teamQueue, waitFor } from '../fixtures/sync-fixtures'

let dir: ReturnType<typeof makeTempDir>
let backend: ReferenceBackend
let services: AppServices
let token: string
const dataDir = () => join(dir.path, 'app')

beforeEach(async () => {
  dir = makeTempDir()
  token = newToken()
  backend = await startBackend(dir.path, token)
})
afterEach(async () => {
  services?.close()
  await backend.close().catch(() => {})
  dir.remove()
})

const openedAt = new Date().toISOString()
function decide(casePk: number) {
  const detail = services.review.caseDetail(casePk)
  return services.review.decide({ casePk, revision: detail.reviewCase.revision, outcome: 'approve', openedAt })
}

describe('sync with a review-api backend', () => {
  it('pulls 1,000 cases in pages, then reflects 10 revisions and 5 withdrawals', async () => {
    backend.store.putCases(generateCases({ count: 1000, seed: 5, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    // The pull that adding the backend started (a sync asked for by hand now would pull once more after it).
    const firstPull = await waitFor(() => services.sync.status()[0], (status) => status?.state !== 'syncing')
    expect(firstPull).toMatchObject({ state: 'idle', lastError: null, received: 1000 })
    expect(services.review.queuePage(0, 1).total).toBe(1000)
    const pulls = backend.requests.filter((r) => r.path === '/v1/cases')
    expect(pulls.length).toBeGreaterThanOrEqual(2)

    const ids = Array.from({ length: 15 }, (_, i) => `case-${String(i * 7 + 1).padStart(5, '0')}`)
    for (const id of ids.slice(0, 10)) backend.store.revise(id, (c) => ({ ...c, title: `${c.title} (revised)` }))
    for (const id of ids.slice(10)) backend.store.withdraw(id)
    await services.sync.syncNow()

    const rows = services.review.queuePage(0, 500).rows.concat(services.review.queuePage(500, 500).rows)
    expect(rows).toHaveLength(995)
    const byId = new Map(rows.map((row) => [row.caseId, row]))
    for (const id of ids.slice(0, 10)) {
      expect(byId.get(id)!.title).toMatch(/\(revised\)$/)
      expect(services.review.caseDetail(byId.get(id)!.casePk).reviewCase.revision).toBe(2)
    }
    for (const id of ids.slice(10)) expect(byId.has(id)).toBe(false)
  })

  it('answers a sync asked for by hand during a pull with one more pull, so a case put in after that pull read its last page still arrives', async () => {
    let reachedLastPage!: () => void
    const lastPageRead = new Promise<void>((resolve) => (reachedLastPage = resolve))
    let answerLastPage!: () => void
    const lastPageAnswered = new Promise<void>((resolve) => (answerLastPage = resolve))
    let holding = true
    await backend.close()
    backend = await startBackend(dir.path, token, {
      dbFile: join(dir.path, 'held-backend.sqlite'),
      // The first pull's last page, read from the store, waits before it is sent.
      beforeAnswerPull: async (page) => {
        if (page.hasMore || !holding) return
        holding = false
        reachedLastPage()
        await lastPageAnswered
      }
    })
    backend.store.putCases(generateCases({ count: 300, seed: 11, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await lastPageRead
    const late = generateCases({ count: 1, seed: 12, idPrefix: 'late', baseTime: new Date() })
    backend.store.putCases(late, REVIEWER)
    const byHand = services.sync.syncNow()
    answerLastPage()
    await byHand

    expect(services.review.queuePage(0, 1).total).toBe(301)
    expect(services.review.queuePage(0, 500).rows.some((row) => row.caseId === 'late-00001')).toBe(true)
    expect(services.sync.status()[0]).toMatchObject({ state: 'idle', lastError: null })
  })

  it('adding a second backend leaves the first one running: its pull is not stopped and begun again', async () => {
    backend.store.putCases(generateCases({ count: 50, seed: 13, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    const first = await waitFor(() => services.sync.status()[0], (status) => status?.state === 'idle' && status.lastSyncAt !== null)
    const other = await startBackend(join(dir.path, 'other'), token, { dbFile: join(dir.path, 'other-backend.sqlite') })
    try {
      await services.settings.save({ config: { id: 'other', kind: 'review-api', name: 'Other cases', baseUrl: other.url, syncIntervalSeconds: 3600 }, token })
      // A restarted backend would be syncing again, its last sync forgotten.
      expect(services.sync.status().find((status) => status.id === 'team')).toMatchObject({ state: 'idle', lastSyncAt: first!.lastSyncAt })
      expect(backend.requests.filter((r) => r.path === '/v1/cases')).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it('keeps 200 decisions made while the server is down and delivers each exactly once when it is back', async () => {
    backend.store.putCases(generateCases({ count: 220, seed: 6, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await services.sync.syncNow()
    const port = backend.port
    await backend.close()

    for (const row of teamQueue(services).slice(0, 200)) await decide(row.casePk)
    await waitFor(() => services.sync.status()[0]!, (s) => s.state === 'offline' && s.pendingPushes === 200)
    expect(services.sync.status()[0]!.lastError).toMatch(/unreachable/)

    backend = await startBackend(dir.path, token, { port })
    await services.sync.syncNow()
    await waitFor(() => services.sync.status()[0]!, (s) => s.pendingPushes === 0)
    const received = backend.store.decisions()
    expect(received).toHaveLength(200)
    expect(new Set(received.map((d) => d.id)).size).toBe(200)
    expect(received.every((d) => d.result.status === 'accepted')).toBe(true)
  })

  it('turns a decision on a case reassigned meanwhile into a visible conflict, never a silent drop', async () => {
    backend.store.putCases(generateCases({ count: 5, seed: 8, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await services.sync.syncNow()
    const [row] = teamQueue(services)
    backend.store.reassign(row!.caseId, 'erin')

    await decide(row!.casePk)
    const [conflict] = await waitFor(() => services.undelivered.list(), (list) => list.length === 1)
    expect(conflict).toMatchObject({ caseId: row!.caseId, state: 'conflict', code: 'reassigned', canRedo: false })
    expect(conflict!.detail).toContain('erin')
    expect(() => services.undelivered.resolve(conflict!.decisionId, 'redo')).toThrow(expect.objectContaining({ code: 'not-yours', message: expect.stringMatching(/can only be discarded/) }))
    services.undelivered.resolve(conflict!.decisionId, 'discard')
    expect(services.undelivered.list()).toHaveLength(0)
    expect(teamQueue(services).map((r) => r.caseId)).not.toContain(row!.caseId)
  })

  it('lets a revised-case conflict be redone on the new revision', async () => {
    backend.store.putCases(generateCases({ count: 3, seed: 9, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await services.sync.syncNow()
    const [row] = teamQueue(services)
    backend.store.revise(row!.caseId)
    await decide(row!.casePk)
    const [conflict] = await waitFor(() => services.undelivered.list(), (list) => list.length === 1)
    expect(conflict).toMatchObject({ code: 'revised', canRedo: true })

    await services.sync.syncNow()
    expect(services.undelivered.resolve(conflict!.decisionId, 'redo')).toBe(row!.casePk)
    expect(services.review.caseDetail(row!.casePk)).toMatchObject({ state: 'pending', reviewCase: { revision: 2 } })
    await decide(row!.casePk)
    await waitFor(() => backend.store.decisions(), (list) => list.some((d) => d.result.status === 'accepted'))
  })

  it('gives way to the reviewer’s keys but finishes a pull while a key is held down', async () => {
    backend.store.putCases(generateCases({ count: 1000, seed: 9, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await waitFor(() => services.sync.status()[0]!, (s) => s.state === 'idle')
    backend.store.putCases(generateCases({ count: 1000, seed: 19, baseTime: new Date() }), REVIEWER)
    // A held key: a keystroke every 33 ms (OS auto-repeat) for as long as the pull runs. Ingest
    // keeps its floor share of the time, so all 1,000 changed cases arrive while it is held.
    const held = setInterval(() => services.sync.activity.noteInput(), 33)
    services.sync.activity.noteInput()
    try {
      const started = performance.now()
      await services.sync.syncNow()
      expect(performance.now() - started).toBeLessThan(20_000)
      expect(services.sync.status()[0]).toMatchObject({ state: 'idle', received: 1000 })
    } finally {
      clearInterval(held)
    }
  }, 30_000)

  it('stores a decision at once but sends it only once the reviewer pauses, so delivery never shares the next frame', async () => {
    backend.store.putCases(generateCases({ count: 3, seed: 12, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await services.sync.syncNow()
    const [row] = teamQueue(services)
    // Keystrokes every 20 ms, well inside the quiet time each one asks for.
    services.sync.activity.noteInput()
    const typing = setInterval(() => services.sync.activity.noteInput(), 20)
    const sent = () => backend.requests.filter((r) => r.path === '/v1/decisions').length
    let receipt: Awaited<ReturnType<typeof decide>>
    try {
      receipt = await decide(row!.casePk)
      expect(services.review.caseDetail(row!.casePk).state).toBe('decided')
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(sent()).toBe(0)
      expect(receipt.outcome).toBe('approve')
    } finally {
      clearInterval(typing)
    }
    const [delivered] = await waitFor(() => backend.store.decisions(), (list) => list.length === 1)
    expect(delivered).toMatchObject({ id: receipt.decisionId, result: { status: 'accepted' } })
    expect(sent()).toBe(1)
  })

  it('delivers decisions within the longest hold even while a key is held down', async () => {
    backend.store.putCases(generateCases({ count: 3, seed: 13, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await services.sync.syncNow()
    const [row] = teamQueue(services)
    services.sync.activity.noteInput()
    const autoRepeat = setInterval(() => services.sync.activity.noteInput(), 33)
    try {
      const decidedAt = performance.now()
      const receipt = await decide(row!.casePk)
      const [delivered] = await waitFor(() => backend.store.decisions(), (list) => list.length === 1, 5_000)
      expect(performance.now() - decidedAt).toBeLessThan(LONGEST_QUIET_WAIT_MS + 1_000)
      expect(delivered).toMatchObject({ id: receipt.decisionId, result: { status: 'accepted' } })
    } finally {
      clearInterval(autoRepeat)
    }
  })

  it('leaves no trace of the token anywhere in the data directory after a full sync', async () => {
    backend.store.putCases(generateCases({ count: 30, seed: 10, baseTime: new Date() }), REVIEWER)
    services = await openWithBackend(dataDir(), backend, token)
    await services.sync.syncNow()
    for (const row of teamQueue(services).slice(0, 10)) await decide(row.casePk)
    await waitFor(() => services.sync.status()[0]!, (s) => s.pendingPushes === 0)
    expect(backend.requests.some((r) => r.authorization === `Bearer ${token}`)).toBe(true)
    expect((await services.settings.list()).find((b) => b.config.id === 'team')?.hasToken).toBe(true)
    services.close()

    const needle = Buffer.from(token, 'utf8')
    const files = listFiles(dataDir())
    expect(files.map((f) => f.replace(dataDir(), ''))).toEqual(expect.arrayContaining(['/countersign.sqlite', '/backends.json', '/logs/countersign.log']))
    for (const file of files) expect(readFileSync(file).includes(needle), file).toBe(false)
  })
})

function listFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name)
    return statSync(path).isDirectory() ? listFiles(path) : [path]
  })
}
