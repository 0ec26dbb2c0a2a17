import { beforeEach, describe, expect, it } from 'vitest'
import { bridge } from '../../../renderer/src/api/bridge'
import { useAppStore, type AppState } from '../../../renderer/src/store'
import { chartCsv, insightCharts } from '../../../renderer/src/store/insight-charts'
import { heldByColleague, selectOpenCase, selectUpcomingCase } from '../../../renderer/src/store/selectors'
import type { HoldView } from '../../../shared/ipc/claim-views'
import type { InsightsReport } from '../../../shared/ipc/insight-views'
import type { CaseDetail, QueueRow } from '../../../shared/ipc/views'

// The renderer's store and its pure reads, in Node: the bridge is looked up on first use, so
// importing the store works here; only calling the bridge would need the app.

const initial = useAppStore.getState()
beforeEach(() => useAppStore.setState(initial, true))

const row = (casePk: number) => ({ casePk }) as QueueRow
const detail = (casePk: number) => ({ casePk }) as CaseDetail

describe('the bridge', () => {
  it('imports in Node, and says what is missing when a method is used without the app', () => {
    expect(() => bridge.getKeymap).toThrow('Countersign bridge missing: the renderer must run inside the app or the browser harness.')
  })
})

describe('selectors', () => {
  it('the open case is the selected row’s, once loaded; the upcoming one is the next row’s', () => {
    const cases = new Map([[11, detail(11)], [12, detail(12)]])
    const state = { ...initial, rows: [row(10), row(11), row(12)], cases, selectedIndex: 1 } as AppState
    expect(selectOpenCase(state)?.casePk).toBe(11)
    expect(selectUpcomingCase(state)?.casePk).toBe(12)
    expect(selectOpenCase({ ...state, selectedIndex: 0 })).toBeUndefined() // row 10 not loaded yet
    expect(selectUpcomingCase({ ...state, selectedIndex: 2 })).toBeUndefined() // the end of the queue
  })

  it('a colleague’s claim is passed by until it ends; one’s own never is', () => {
    const now = Date.parse('2026-11-30T10:00:00Z')
    const hold = (mine: boolean, expiresAt: string): HoldView => ({ casePk: 1, holder: 'dana', mine, purpose: mine ? 'viewing' : 'colleague', expiresAt })
    expect(heldByColleague(hold(false, '2026-11-30T10:05:00Z'), now)).toBe(true)
    expect(heldByColleague(hold(false, '2026-11-30T09:59:59Z'), now)).toBe(false)
    expect(heldByColleague(hold(true, '2026-11-30T10:05:00Z'), now)).toBe(false)
    expect(heldByColleague(undefined, now)).toBe(false)
  })
})

describe('slices’ own actions', () => {
  it('a draft keeps each edited field until it is set back, then goes', () => {
    const { setDraft } = useAppStore.getState()
    setDraft(7, 'body', 'Hello')
    setDraft(7, 'subject', 'Hi')
    expect(useAppStore.getState().drafts.get(7)).toEqual({ body: 'Hello', subject: 'Hi' })
    setDraft(7, 'body', null)
    setDraft(7, 'subject', null)
    expect(useAppStore.getState().drafts.has(7)).toBe(false)
  })

  it('moving to another case resets the merge field and drops a pending confirmation (the decision slice’s own state)', () => {
    useAppStore.setState({ mergeFieldIndex: 2, pendingConfirmation: { key: 'a', message: 'Sure?', casePk: 1, draft: { outcome: 'approve' }, shownAt: 0 } })
    useAppStore.getState().selectionMoved()
    expect(useAppStore.getState()).toMatchObject({ mergeFieldIndex: 0, pendingConfirmation: null })
  })

  it('list selection stays within the list', () => {
    const { moveListSelection } = useAppStore.getState()
    moveListSelection(5, 3)
    expect(useAppStore.getState().listIndex).toBe(2)
    moveListSelection(-9, 3)
    expect(useAppStore.getState().listIndex).toBe(0)
  })
})

describe('insight charts', () => {
  const report: InsightsReport = {
    totalDecisions: 3,
    overTime: [
      { day: '2026-11-29', count: 1 },
      { day: '2026-11-30', count: 2 }
    ],
    byKind: [],
    byRule: [],
    editRate: 0.5,
    correctedFields: [{ workflow: 'refunds', kind: 'exception', field: 'amount, net', corrected: 1, total: 4, share: 0.25 }],
    timeOnTask: { medianMs: 1000, p90Ms: 2000 },
    queueAge: [],
    sla: { overdueNow: 0, decidedLate: 0, decidedInTime: 3 },
    autonomyThreshold: 50,
    autonomyCandidates: [],
    needsWork: [],
    claims: []
  }

  it('one chart per view of the report, each exported as RFC 4180 CSV', () => {
    const charts = insightCharts(report)
    expect(charts.map((chart) => chart.id)).toEqual(['decisions-over-time', 'outcomes-by-kind', 'outcomes-by-rule', 'corrected-fields', 'queue-age', 'claims'])
    expect(chartCsv(charts[0]!)).toBe(',Decisions\r\n2026-11-29,1\r\n2026-11-30,2\r\n')
    // A label with a comma is quoted.
    expect(chartCsv(charts[3]!)).toBe(',Share of cases corrected (%)\r\n"refunds: amount, net",25\r\n')
  })
})
