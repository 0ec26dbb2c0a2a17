import type { CaseDetail } from '../../../../../shared/ipc/views'
import { SourceText } from '../SourceText'
import { VisibleText } from '../../../ui/VisibleText'
import { useCommandKeys } from '../../../commands/key-hints'

type Classification = Extract<CaseDetail['reviewCase'], { kind: 'classification' }>

/** The suggested label and its alternatives, each with its score, picked with a number key. */
export function ClassificationView({ reviewCase }: { reviewCase: Classification }) {
  const approveKeys = useCommandKeys('decision.approve')
  const rejectKeys = useCommandKeys('decision.reject')
  const scores = new Map([[reviewCase.proposal.label, reviewCase.proposal.score], ...reviewCase.proposal.alternatives.map((a) => [a.label, a.score] as const)])
  return (
    <div className="kind-view two-panes">
      <SourceText reviewCase={reviewCase} />
      <section className="proposal-pane" aria-label="Choose a category">
        <div className="pane-title">
          <span className="pane-role">Proposal</span> a category for this ticket
        </div>
        <ol className="choice-list">
          {reviewCase.options.slice(0, 9).map((option, index) => {
            const score = scores.get(option.label) ?? 0
            return (
              <li key={option.id} className={option.recommended ? 'suggested' : undefined}>
                <kbd>{index + 1}</kbd>
                <span className="choice-label">
                  <VisibleText text={option.label} />
                </span>
                {option.recommended && <span className="badge badge-demo">suggested</span>}
                <span className="score-bar" aria-hidden="true">
                  <span style={{ width: `${Math.round(score * 100)}%` }} />
                </span>
                <span className="muted score">{Math.round(score * 100)}%</span>
              </li>
            )
          })}
        </ol>
        <p className="muted case-keys">
          <kbd>{approveKeys}</kbd> accept the suggestion · <kbd>1</kbd>–<kbd>{Math.min(reviewCase.options.length, 9)}</kbd> choose a category · <kbd>{rejectKeys}</kbd> reject
        </p>
      </section>
    </div>
  )
}
