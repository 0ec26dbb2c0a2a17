import { describe, expect, it } from 'vitest'
import { interruptTaker, runsCarrying, runsSchema, threadRuns, type Taker } from '../../electron/services/backends/langgraph/answer-evidence'

// The rules the delivery check reads a thread's runs by (the integration tests drive them against
// a real `langgraphjs dev` server, attack-26b/27 among them); here the corners servers and
// gateways differ on: listing order, cancelled and failed runs, single-value resumes, missing
// kwargs and creation times, clocks that disagree.

const envelope = (id: string, interruptId: string) => ({ id, caseId: `thread-1:${interruptId}` })
const run = (runId: string, createdAt: string | null, status: string, resume: unknown, decisions?: Record<string, unknown>) => ({
  run_id: runId,
  status,
  created_at: createdAt,
  metadata: decisions ? { countersign_decisions: decisions } : {},
  kwargs: resume === undefined ? { input: { to: 'ann@example.com' } } : { command: { resume } }
})
const taker = (listed: unknown[], interruptId: string): string => {
  const found: Taker = interruptTaker(threadRuns(runsSchema.parse(listed)), interruptId)
  return found.kind === 'run' ? found.run.runId : found.kind
}

describe('who took an interrupt, from the thread’s runs', () => {
  const start = run('start', '2026-12-01T10:00:00Z', 'success', undefined)
  const cancelled = run('cancelled', '2026-12-01T10:00:01Z', 'interrupted', { X: [{ type: 'accept' }] }, { 'countersign:X': envelope('d1', 'X') })
  const colleague = run('colleague', '2026-12-01T10:00:02Z', 'success', { X: [{ type: 'ignore' }], Y: 'yes' })
  const later = run('later', '2026-12-01T10:00:03Z', 'success', { X: [{ type: 'accept' }] }, { 'countersign:X': envelope('d2', 'X') })

  it('the first run that answered it by id and ran, whether the server lists oldest or newest first', () => {
    expect(taker([start, cancelled, colleague, later], 'X')).toBe('colleague')
    expect(taker([later, colleague, cancelled, start], 'X')).toBe('colleague')
    expect(taker([start, colleague], 'Y')).toBe('colleague')
    expect(taker([start, colleague], 'Z')).toBe('none')
  })

  it('a run that failed before taking it, then a later one that ran: the later took it; failed runs alone: the last of them', () => {
    const failed = run('failed', '2026-12-01T10:00:01Z', 'error', { X: 1 })
    expect(taker([start, failed, later], 'X')).toBe('later')
    expect(taker([start, failed, { ...failed, run_id: 'failed-again', created_at: '2026-12-01T10:00:05Z' }], 'X')).toBe('failed-again')
  })

  it('a single-value resume (Studio’s Resume) answers no interrupt by id: a later one is still the reviewer’s', () => {
    const studio = run('studio', '2026-12-01T10:00:01Z', 'success', [{ type: 'accept' }])
    expect(taker([start, studio, later], 'X')).toBe('later')
  })

  it('unclear when the listing leaves out kwargs, or two runs that ran on it have no distinct times, or times go back and forth', () => {
    const bare = { ...colleague, kwargs: undefined }
    expect(taker([start, bare, later], 'X')).toBe('unclear')
    expect(taker([start, { ...colleague, created_at: '2026-12-01T10:00:03Z' }, later], 'X')).toBe('unclear')
    expect(taker([start, { ...colleague, created_at: null }, later], 'X')).toBe('unclear')
    // Listed oldest first, but the app's run stamped 2 s early by a replica's clock.
    expect(taker([start, colleague, { ...later, created_at: '2026-12-01T10:00:00.500Z' }], 'X')).toBe('unclear')
    // One run that ran needs no order.
    expect(taker([start, { ...later, created_at: null }], 'X')).toBe('later')
  })

  it('the runs carrying a decision: its own, and any copy of its metadata', () => {
    const runs = threadRuns(runsSchema.parse([start, cancelled, later, { ...colleague, metadata: later.metadata }]))
    expect(runsCarrying(runs, 'd1').map((found) => found.runId)).toEqual(['cancelled'])
    expect(runsCarrying(runs, 'd2').map((found) => found.runId)).toEqual(['later', 'colleague'])
    expect(runsCarrying(runs, 'd3')).toEqual([])
  })
})
