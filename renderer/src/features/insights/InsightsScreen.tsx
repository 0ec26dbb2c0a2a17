import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { insightCharts } from '../../store/insight-charts'
import { useCommandKeys } from '../../commands/key-hints'
import { countOf } from '../../../../shared/text/plural'
import { VisibleText } from '../../ui/VisibleText'
import { AUTONOMY_THRESHOLD } from '../../../../shared/commands'

// Chart.js (300 kB of script) loads with this screen, not before the first case.
const ChartPanel = lazy(() => import('./ChartPanel').then((module) => ({ default: module.ChartPanel })))

function duration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`
}

/** The typed text as a threshold (a whole number within AUTONOMY_THRESHOLD, digits only), or null. */
function thresholdOf(text: string): number | null {
  const count = Number(text.trim())
  return /^\d+$/.test(text.trim()) && count >= AUTONOMY_THRESHOLD.min && count <= AUTONOMY_THRESHOLD.max ? count : null
}

/**
 * How many approvals in a row earn a rule its place in the list: a whole number from 2 to 10,000, taken
 * as it is typed; anything else (a letter meant as a key, an empty field) changes nothing and says
 * what is wanted, and leaving the field shows the number in use again.
 */
function ThresholdInput({ threshold }: { threshold: number }) {
  const setThreshold = useAppStore((state) => state.setAutonomyThreshold)
  const [typed, setTyped] = useState<string | null>(null)
  const valid = typed === null || thresholdOf(typed) !== null
  return (
    <label>
      Approvals in a row that count{' '}
      <input
        className="inline-number"
        inputMode="numeric"
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : 'threshold-error'}
        value={typed ?? String(threshold)}
        onChange={(event) => {
          const text = event.target.value
          setTyped(text)
          const count = thresholdOf(text)
          if (count !== null) void setThreshold(count)
        }}
        onBlur={() => setTyped(null)}
      />
      {!valid && (
        <span id="threshold-error" className="field-error">
          A whole number from {AUTONOMY_THRESHOLD.min} to {AUTONOMY_THRESHOLD.max.toLocaleString('en-GB')}: {threshold} still counts.
        </span>
      )}
    </label>
  )
}

/**
 * The loop's health, from the decisions recorded on this device: what reviewers decide, where they
 * correct the automation, how long it takes, how the queue ages, and which rules have earned more
 * autonomy. `j`/`k` move between charts, `t` shows a chart's numbers, `x` exports them.
 */
export function InsightsScreen() {
  const report = useAppStore((state) => state.insights)
  const asTables = useAppStore((state) => state.chartsAsTables)
  const listIndex = useAppStore((state) => state.listIndex)
  const threshold = useAppStore((state) => state.autonomyThreshold)
  const selectListItem = useAppStore((state) => state.selectListItem)
  const failure = useAppStore((state) => state.insightsFailure)
  const workspaces = useAppStore((state) => state.summary?.workspaces.map((workspace) => workspace.name).join(' · '))
  const casesDecided = useAppStore((state) => state.counts.decided)
  const reloadKeys = useCommandKeys('insights.reload')
  const screenRef = useRef<HTMLElement>(null)
  useEffect(() => registerFocusTarget('screen', () => screenRef.current?.focus()), [])
  if (!report) {
    return (
      <main className="screen" aria-label="Insights">
        <h1>Insights</h1>
        {failure ? (
          <p className="load-failure" role="alert">
            {/[.!?]$/.test(failure) ? failure : `${failure}.`} <kbd>{reloadKeys}</kbd> try again
          </p>
        ) : (
          <p className="muted">Computing insights…</p>
        )}
      </main>
    )
  }
  const charts = insightCharts(report)
  return (
    <main ref={screenRef} tabIndex={-1} className="screen insights-screen" aria-label="Insights">
      <h1>Insights</h1>
      <p className="muted">
        {report.totalDecisions === 0 ? (
          'No decisions recorded on this device yet: the charts fill in as you decide.'
        ) : (
          <>
            <span data-testid="insights-total">
              {countOf(report.totalDecisions, 'decision')}, deferrals and questions included; the status bar counts {countOf(casesDecided, 'case')} decided
            </span>{' '}
            · a case decided a median {duration(report.timeOnTask.medianMs)} (90th percentile {duration(report.timeOnTask.p90Ms)}) after it was first shown ·{' '}
            {Math.round(report.editRate * 100)}% changed the proposal
          </>
        )}
      </p>
      <p className="muted" data-testid="insights-scope">
        Counts the workspaces shown: {workspaces}. Decisions on a removed one (the demo, once a backend is added) stay in the audit trail.
      </p>
      <Suspense fallback={<p className="muted">Drawing the charts…</p>}>
        <div className="chart-grid">
          {charts.map((chart, index) => (
            <ChartPanel key={chart.id} chart={chart} asTable={asTables.has(chart.id)} focused={index === listIndex} onFocus={() => selectListItem(index)} />
          ))}
        </div>
      </Suspense>

      <section aria-labelledby="autonomy-title">
        <h2 id="autonomy-title" className="section-title">
          Earned autonomy
        </h2>
        <p>Rules whose last {countOf(threshold, 'case')} or more were all approved as proposed — candidates for more automation:</p>
        <p className="muted">
          <ThresholdInput threshold={threshold} />
        </p>
        {report.autonomyCandidates.length === 0 ? (
          <p className="muted">No rule has reached that yet.</p>
        ) : (
          <table className="chart-table" data-testid="autonomy-candidates">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Approved as proposed in a row</th>
                <th scope="col">Period</th>
                <th scope="col">Reviewers</th>
                <th scope="col">Median time from first shown to decided</th>
              </tr>
            </thead>
            <tbody>
              {report.autonomyCandidates.map((candidate) => (
                <tr key={candidate.rule}>
                  <th scope="row">
                    <code>
                      <VisibleText text={candidate.rule} />
                    </code>
                  </th>
                  <td>{candidate.streak}</td>
                  <td>
                    {new Date(candidate.firstAt).toLocaleDateString()} – {new Date(candidate.lastAt).toLocaleDateString()}
                  </td>
                  <td>{candidate.reviewers}</td>
                  <td>{duration(candidate.medianMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3 className="section-title">Where the automation needs work</h3>
        <ul className="plain-list">
          {report.needsWork.slice(0, 5).map((rule) => (
            <li key={rule.rule}>
              <code>
                <VisibleText text={rule.rule} />
              </code>: {Math.round(rule.editRate * 100)}% edited, {Math.round(rule.rejectRate * 100)}% rejected of {countOf(rule.total, 'decision')}
            </li>
          ))}
          {report.correctedFields.slice(0, 3).map((field) => (
            <li key={`${field.workflow}-${field.field}`}>
              The <code>
                <VisibleText text={field.field.replace(/^fields\./, '')} />
              </code>{' '}
              field of <VisibleText text={field.workflow} /> was corrected in {Math.round(field.share * 100)}% of cases.
            </li>
          ))}
        </ul>
      </section>
    </main>
  )
}
