import { describe, expect, it } from 'vitest'
import { MAX_EMPTY_PAGES, PassProgress } from '../../electron/services/sync/pass-progress'
import { matchPushAnswers } from '../../electron/services/sync/push-answers'
import type { DecisionEnvelope } from '../../shared/review-api/protocol'

const page = (nextCursor: string, changes = 1, hasMore = true) => ({ changes: Array.from({ length: changes }, (_, n) => ({ type: 'withdrawn' as const, caseId: `c${n}` })), nextCursor, hasMore })

describe('a pull pass makes progress or stops', () => {
  it('names a cursor that stands still, and one that comes back (opaque cursors)', () => {
    const stuck = new PassProgress('B')
    stuck.check(null, page('x'))
    expect(() => stuck.check('x', page('x'))).toThrow(expect.objectContaining({ fault: 'cursor-stuck', kind: 'protocol', retryable: true }))
    const cycle = new PassProgress('B')
    cycle.check(null, page('k7'))
    cycle.check('k7', page('a2'))
    expect(() => cycle.check('a2', page('k7'))).toThrow(expect.objectContaining({ fault: 'cursor-cycle' }))
  })

  it('lets the last page repeat its cursor, and allows some empty pages but not endless ones', () => {
    new PassProgress('B').check('5', page('5', 0, false))
    const empty = new PassProgress('B')
    for (let n = 1; n < MAX_EMPTY_PAGES; n++) empty.check(String(n - 1), page(String(n), 0))
    expect(() => empty.check(String(MAX_EMPTY_PAGES - 1), page(String(MAX_EMPTY_PAGES), 0))).toThrow(expect.objectContaining({ fault: 'empty-pages' }))
  })

  it('names a listing that comes round again with only items already listed', () => {
    const listing = new PassProgress('B')
    listing.check(null, page('2'), ['t1', 't2'])
    listing.check('2', page('4'), ['t2', 't3'])
    expect(() => listing.check('4', page('6'), ['t1', 't3'])).toThrow(expect.objectContaining({ fault: 'cursor-cycle' }))
  })
})

describe('push answers are matched to what was sent', () => {
  const envelope = (id: string) => ({ id, caseId: 'c', caseRevision: 1, record: {}, jws: 'x' }) as unknown as DecisionEnvelope
  const a = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab'
  const b = '7a1c2d3e-4a5b-4c6d-8e7f-0123456789ab'

  it('matches UUIDs whatever their case, in any order', () => {
    const { results, mismatch } = matchPushAnswers('B', [envelope(a), envelope(b)], [{ decisionId: b, status: 'accepted' }, { decisionId: a.toUpperCase(), status: 'duplicate' }])
    expect(mismatch).toBeNull()
    expect(results.get(a)).toEqual({ decisionId: a, status: 'duplicate' })
  })

  it('counts a decision answered twice as unanswered, and names every way the answer is off', () => {
    const { results, mismatch } = matchPushAnswers('B', [envelope(a), envelope(b)], [
      { decisionId: a, status: 'accepted' },
      { decisionId: a, status: 'rejected', code: 'invalid' },
      { decisionId: 'someone-else', status: 'accepted' }
    ])
    expect([...results.keys()]).toEqual([])
    expect(mismatch).toBe('B broke the sync protocol: its answer does not match the decisions sent (no answer for 1 of 2 decisions; 1 answered more than once; 1 answer for decisions it was not sent).')
  })
})
