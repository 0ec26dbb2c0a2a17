import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'
import { useEffect, useRef } from 'react'
import { useCommandKeys } from '../../commands/key-hints'
import { spelledOutHidden } from '../../../../shared/text/hidden-characters'
import { isEmptyChart, type InsightChart } from '../../store/insight-charts'
import { VisibleText } from '../../ui/VisibleText'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip)

const PALETTE = ['#2f6fdf', '#d49a00', '#c2412c', '#7a5ccf', '#6b7785']
const darkScheme = window.matchMedia('(prefers-color-scheme: dark)')

interface Props {
  chart: InsightChart
  asTable: boolean
  focused: boolean
  /** The panel took the keyboard's focus (Tab): it becomes the chart `t` and `x` act on. */
  onFocus(): void
}

/** A chart drawn with Chart.js, or the same numbers as a table (`t`); `x` exports them as CSV. Tab reaches it, as `j`/`k` do. */
export function ChartPanel({ chart, asTable, focused, onFocus }: Props) {
  const tableKeys = useCommandKeys('insights.table')
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const panelRef = useRef<HTMLElement>(null)
  const empty = isEmptyChart(chart)

  // The chart j/k reach, or t turns, comes into view (PageDown may have scrolled it away).
  useEffect(() => {
    if (focused) panelRef.current?.scrollIntoView({ block: 'nearest' })
  }, [focused, asTable])

  useEffect(() => {
    if (asTable || empty || !canvasRef.current) return
    const text = darkScheme.matches ? '#c9d1db' : '#3b434d'
    const grid = darkScheme.matches ? '#2d343e' : '#e3e6ea'
    const instance = new Chart(canvasRef.current, {
      type: 'bar',
      data: {
        labels: chart.labels.map((label) => spelledOutHidden(label)),
        datasets: chart.series.map((series, index) => ({ label: series.name, data: series.values, backgroundColor: PALETTE[index % PALETTE.length] }))
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: chart.series.length > 1, labels: { color: text } } },
        scales: {
          x: { stacked: chart.stacked, ticks: { color: text }, grid: { color: grid } },
          // Counts (and whole percentages): no 0.5 of a decision on the axis; a share says it is one.
          y: { stacked: chart.stacked, beginAtZero: true, ticks: { color: text, precision: 0, ...(chart.unit && { callback: (value: number | string) => `${value}${chart.unit}` }) }, grid: { color: grid } }
        }
      }
    })
    return () => instance.destroy()
  }, [chart, asTable, empty])

  return (
    <section ref={panelRef} tabIndex={0} onFocus={onFocus} className={`chart-panel${focused ? ' focused' : ''}`} aria-labelledby={`${chart.id}-title`} data-chart-id={chart.id}>
      <h2 id={`${chart.id}-title`}>{chart.title}</h2>
      {chart.summary && <p className="muted">{chart.summary}</p>}
      {empty ? (
        <p className="chart-empty">{chart.empty}</p>
      ) : asTable ? (
        <div className="chart-table-wrap">
          <table className="chart-table">
            <thead>
              <tr>
                <th scope="col" />
                {chart.series.map((series) => (
                  <th key={series.name} scope="col">
                    {series.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.labels.map((label, index) => (
                <tr key={label}>
                  <th scope="row">
                    <VisibleText text={label} />
                  </th>
                  {chart.series.map((series) => (
                    <td key={series.name}>{series.values[index]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="chart-canvas">
          <canvas ref={canvasRef} role="img" aria-label={`${chart.title}. ${chart.summary ?? ''} Press ${tableKeys} for the numbers as a table.`} />
        </div>
      )}
    </section>
  )
}
