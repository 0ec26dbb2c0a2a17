import { useEffect } from 'react'
import { proposalText } from '../../../../shared/domain/proposal-text'
import { SourceProposalDiff } from '../../editor/SourceProposalDiff'
import { selectOpenCase, selectUpcomingCase, useAppStore } from '../../store'
import { CaseHeader } from './CaseHeader'

export function CaseView() {
  const detail = useAppStore(selectOpenCase)
  const total = useAppStore((state) => state.total)
  const draft = useAppStore((state) => (detail ? state.drafts.get(detail.casePk) : undefined))
  const markOpened = useAppStore((state) => state.markOpened)
  const upcoming = useAppStore(selectUpcomingCase)

  useEffect(() => {
    if (detail) markOpened(detail.casePk)
  }, [detail, markOpened])

  if (!detail) {
    return (
      <main className="case-view case-empty" aria-live="polite">
        {total === 0 ? <p>Nothing pending. Every case in this workspace is decided.</p> : <p>Opening case…</p>}
      </main>
    )
  }
  const { reviewCase } = detail
  const proposal = proposalText(reviewCase)
  return (
    <main className="case-view" data-case-id={reviewCase.id} aria-label={`Case: ${reviewCase.title}`}>
      <CaseHeader detail={detail} />
      <div className="diff-titles">
        <div className="source-title">
          <span className="pane-role">Source</span> {reviewCase.source.title}
          {reviewCase.evidence.length > 0 && (
            <ul className="evidence-list" aria-label="Evidence, highlighted in the source">
              {reviewCase.evidence.map((item) => (
                <li key={item.id} className="evidence-chip" title={item.note}>
                  {item.label}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <span className="pane-role">Proposal</span>
          {reviewCase.kind === 'text-approval' && reviewCase.proposal.destination ? ` ${reviewCase.proposal.destination}` : ''}
          {proposal.editableField ? (
            <span className="muted"> · editable (e){draft !== undefined && <strong className="edited"> · edited</strong>}</span>
          ) : (
            <span className="muted"> · read-only</span>
          )}
        </div>
      </div>
      <SourceProposalDiff detail={detail} upcoming={upcoming} />
    </main>
  )
}
