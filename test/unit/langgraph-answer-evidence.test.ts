import { describe, expect, it } from 'vitest'
import { interruptTaker, runCarrying, runsSchema, threadRuns } from '../../electron/services/backends/langgraph/answer-evidence'

// The rules the delivery check reads a thread's runs by (the integration tests drive them against
// a real `langgraphjs dev` server); here the corners a server rarely shows: a run cancelled before
// it ran, a resume given as one value, a listing without `kwargs`, and a listing out of order.

const envelope = (id: string, interruptId: string) => ({ id, caseId: `thread-1:${interruptId}` })
const run = (runId: string, createdAt: string, status: string, resume: unknown, decisions?: Record<string, unknown>) => ({
  run_id: runId,
  status,
  created_at: createdAt,
  metadata: decisions ? { countersign_decisions: decisions } : {},
  kwargs: resume === undefined ? { input: { to: 'ann@example.com' } } : { command: { resume } }
})

describe('who took an interrupt, from the thread’s runs', () => {
  it('the first run that answered it and was not cancelled, whatever order the server listed them in', () => {
    const runs = threadRuns(
      runsSchema.parse([
        run('later', '2026-12-01T10:00:03Z', 'success', { X: [{ type: 'accept' }] }, { 'countersign:X': envelope('d2', 'X') }),
        run('taker', '2026-12-01T10:00:02Z', 'success', { X: [{ type: 'ignore' }], Y: 'yes' }),
        run('cancelled', '2026-12-01T10:00:01Z', 'interrupted', { X: [{ type: 'accept' }] }, { 'countersign:X': envelope('d1', 'X') }),
        run('start', '2026-12-01T10:00:00Z', 'success', undefined)
      ])
    )
    expect(runs.map((entry) => entry.runId)).toEqual(['start', 'cancelled', 'taker', 'later'])
    expect(interruptTaker(runs, 'X')?.runId).toBe('taker')
    expect(interruptTaker(runs, 'Y')?.runId).toBe('taker')
    expect(interruptTaker(runs, 'Z')).toBeNull()
    expect(runCarrying(runs, 'd1')?.runId).toBe('cancelled')
    expect(runCarrying(runs, 'd2')?.runId).toBe('later')
    expect(runCarrying(runs, 'd3')).toBeUndefined()
  })

  it('a resume given as one value answers whatever the thread waits on', () => {
    const runs = threadRuns(runsSchema.parse([run('studio', '2026-12-01T10:00:01Z', 'success', 'approved'), run('start', '2026-12-01T10:00:00Z', 'success', undefined)]))
    expect(interruptTaker(runs, 'X')?.runId).toBe('studio')
  })

  it('a listing without kwargs: Countersign’s runs answer what their decisions name, other runs nothing', () => {
    const bare = (runId: string, createdAt: string, decisions?: Record<string, unknown>) => ({ run_id: runId, status: 'success', created_at: createdAt, metadata: decisions ? { countersign_decisions: decisions } : null })
    const runs = threadRuns(runsSchema.parse([bare('ours', '2026-12-01T10:00:02Z', { 'countersign:X#1': envelope('d1', 'X#1') }), bare('other', '2026-12-01T10:00:01Z')]))
    expect(interruptTaker(runs, 'X')?.runId).toBe('ours')
    expect(interruptTaker(runs, 'Y')).toBeNull()
  })

  it('runs listed without creation times are taken as listed, newest first', () => {
    const runs = threadRuns(runsSchema.parse([{ run_id: 'b', status: 'success', kwargs: { command: { resume: { X: 1 } } } }, { run_id: 'a', status: 'success', kwargs: { command: { resume: { X: 2 } } } }]))
    expect(interruptTaker(runs, 'X')?.runId).toBe('a')
  })
})
