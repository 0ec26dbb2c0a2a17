import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { proposalText } from '../../../../shared/domain/proposal-text'
import { lineEndingDifference } from '../../../../shared/text/line-endings'
import { resetPageScroll } from '../../ui/page-scroll'
import type { CaseDetail } from '../../../../shared/ipc/views'
import { SourceProposalDiff, usesDiff } from '../../editor/SourceProposalDiff'
import { useAppStore } from '../../store'
import { selectOpenCase, selectQueueNarrowed, selectUpcomingCase } from '../../store/selectors'
import { CaseHeader } from './CaseHeader'
import { DiffKeys } from './DiffKeys'
import { ClassificationView } from './views/ClassificationView'
import { FieldVerificationView } from './views/FieldVerificationView'
import { OptionsBar } from './views/OptionsBar'
import { RecordMergeView } from './views/RecordMergeView'
import { VisibleText } from '../../ui/VisibleText'
import { useBriefingRendererWhenIdle } from './Briefing'

/** The titles over the diff: what each side is, the evidence, whether the proposal is edited. */
function DiffTitles({ detail }: { detail: CaseDetail }) {
  const { reviewCase } = detail
  const proposal = proposalText(reviewCase)
  const draft = useAppStore((state) => (proposal.editableField ? state.drafts.get(detail.casePk)?.[proposal.editableField] : undefined))
  const edited = draft !== undefined
  const editing = useAppStore((state) => state.proposalFocus === 'typing')
  // An exception's proposal is a rule to add, not an edit of the request: the two are shown side
  // by side, untinted, and named for what they are.
  const exception = reviewCase.kind === 'exception'
  return (
    <div className="diff-titles">
      <div className="source-title">
        <span className="pane-role">{exception ? 'Request and policy' : 'Source'}</span> <VisibleText text={reviewCase.source.title} />
        {reviewCase.evidence.length > 0 && (
          <ul className="evidence-list" aria-label="Evidence, highlighted in the source">
            {reviewCase.evidence.map((item) => (
              <li key={item.id} className="evidence-chip" title={item.note}>
                <VisibleText text={item.label} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <span className="pane-role">{exception ? 'Proposed rule' : 'Proposal'}</span>
        {reviewCase.kind === 'text-approval' && reviewCase.proposal.destination && <VisibleText text={` ${reviewCase.proposal.destination}`} />}
        {exception && ' new text, added to the policy if this becomes a rule'}
        {proposal.editableField ? (
          <span className="muted">
            {editing ? (
              <strong className="editing"> · editing: keys type here, Esc leaves</strong>
            ) : (
              ' · editable (e)'
            )}
            {edited && <strong className="edited"> · edited</strong>}
          </span>
        ) : (
          <span className="muted"> · read-only</span>
        )}
        <LineEndingNotice source={reviewCase.source.text} proposal={draft ?? proposal.text} />
      </div>
    </div>
  )
}

/**
 * The proposal's line endings, named when they differ from the source's or are mixed: the editor
 * draws every line ending alike, so this is the only sign of a change the decision would sign.
 */
function LineEndingNotice({ source, proposal }: { source: string; proposal: string }) {
  const difference = useMemo(() => lineEndingDifference(source, proposal), [source, proposal])
  if (!difference) return null
  return (
    <span className="line-endings" title="The editor shows every line ending alike; the proposal is sent with the endings named here.">
      line endings {difference.proposal} · source: {difference.source}
    </span>
  )
}

/** The view for the kind of decision: each reduces the job to judgment (PRODUCT.md). */
function KindView({ detail }: { detail: CaseDetail }) {
  const { reviewCase, casePk } = detail
  switch (reviewCase.kind) {
    case 'classification':
      return <ClassificationView reviewCase={reviewCase} />
    case 'field-verification':
      return <FieldVerificationView casePk={casePk} reviewCase={reviewCase} />
    case 'record-merge':
      return <RecordMergeView casePk={casePk} reviewCase={reviewCase} />
    default:
      return null
  }
}

/** Kinds whose own view does not list the options get the bar above the diff. */
function showsOptionsBar({ reviewCase }: CaseDetail): boolean {
  return reviewCase.kind === 'exception' || (reviewCase.kind === 'text-approval' && reviewCase.options.length > 0)
}

/** `barsAboveDiff` of each case detail seen: asked for at every case switch, of both texts in full. */
const barsByCase = new WeakMap<CaseDetail, string>()

/** What sits above a diff case's editor: the options bar, if any, and the kind's titles, with or without a line-ending notice. */
function barsAboveDiff(detail: CaseDetail): string {
  let bars = barsByCase.get(detail)
  if (bars === undefined) {
    const { reviewCase } = detail
    const lineEndings = lineEndingDifference(reviewCase.source.text, proposalText(reviewCase).text) !== null
    bars = `${reviewCase.kind}:${showsOptionsBar(detail)}:${lineEndings}`
    barsByCase.set(detail, bars)
  }
  return bars
}

export function CaseView() {
  const detail = useAppStore(selectOpenCase)
  const total = useAppStore((state) => state.total)
  const narrowed = useAppStore(selectQueueNarrowed)
  const pending = useAppStore((state) => state.counts.pending)
  const markOpened = useAppStore((state) => state.markOpened)
  // The next case shown as a diff, which the hidden diff editor prepares, past any with views of their own.
  const upcoming = useAppStore((state) => selectUpcomingCase(state, usesDiff))
  const bodyRef = useRef<HTMLDivElement>(null)
  const diff = usesDiff(detail)
  useBriefingRendererWhenIdle()

  useEffect(() => {
    if (detail) markOpened(detail.casePk)
  }, [detail, markOpened])

  // A case opens at its top, whatever PageDown did to the one before.
  const openPk = detail?.casePk
  useLayoutEffect(() => resetPageScroll(), [openPk])

  // Marks the body once the case is on screen (`data-painted-case`), and again once it has been
  // there for the reaction time, when decision keys apply to it (`data-seen-case`): tests and the
  // benchmark wait for these. The decision slice times the reaction from `caseShown`.
  const seenTimer = useRef<ReturnType<typeof setTimeout>>(undefined)
  /** Marks the body `data-seen-case` once the shown case has been on screen for the reaction time. */
  const markSeenInTime = useCallback((casePk: number) => {
    const body = bodyRef.current
    body?.removeAttribute('data-seen-case')
    const { shownCase, reactionTimeMs } = useAppStore.getState()
    const seenAt = (shownCase?.at ?? performance.now()) + reactionTimeMs
    clearTimeout(seenTimer.current)
    seenTimer.current = setTimeout(() => body?.setAttribute('data-seen-case', String(casePk)), Math.max(0, seenAt - performance.now()))
  }, [])
  const onPainted = useCallback(
    (casePk: number) => {
      bodyRef.current?.setAttribute('data-painted-case', String(casePk))
      useAppStore.getState().caseShown(casePk)
      markSeenInTime(casePk)
    },
    [markSeenInTime]
  )
  useEffect(() => {
    // The case on screen timed anew (edits brought back or dropped on it: what a decision takes
    // changed) is seen again only after the reaction time.
    const unsubscribe = useAppStore.subscribe(({ shownCase }, previous) => {
      if (shownCase && shownCase !== previous.shownCase && shownCase.casePk === previous.shownCase?.casePk) markSeenInTime(shownCase.casePk)
    })
    return () => {
      unsubscribe()
      clearTimeout(seenTimer.current)
      useAppStore.getState().caseHidden()
    }
  }, [markSeenInTime])
  useLayoutEffect(() => {
    clearTimeout(seenTimer.current)
    bodyRef.current?.removeAttribute('data-painted-case')
    bodyRef.current?.removeAttribute('data-seen-case')
    if (!detail || diff) return
    const frame = requestAnimationFrame(() => onPainted(detail.casePk))
    return () => cancelAnimationFrame(frame)
  }, [detail, diff, onPainted])

  return (
    <main className="case-view" data-case-id={detail?.reviewCase.id} data-kind={detail?.reviewCase.kind} aria-label={detail ? `Case: ${detail.reviewCase.title}` : 'No case open'}>
      {detail ? (
        <>
          <CaseHeader detail={detail} />
          {showsOptionsBar(detail) && <OptionsBar reviewCase={detail.reviewCase} />}
          {diff && <DiffTitles detail={detail} />}
        </>
      ) : (
        <div className="case-empty" aria-live="polite">
          {total > 0 ? (
            <p>Opening case…</p>
          ) : narrowed && pending > 0 ? (
            <p>
              No pending case matches the filter; {pending} pending in all. <kbd>f</kbd> then <kbd>0</kbd> shows them all.
            </p>
          ) : (
            <p>Nothing pending here. Every case is decided.</p>
          )}
        </div>
      )}
      <div ref={bodyRef} className="case-body" data-testid="case-body" data-no-case={detail ? undefined : ''}>
        {detail && !diff && <KindView detail={detail} />}
        <SourceProposalDiff detail={diff ? detail : undefined} upcoming={upcoming} onPainted={onPainted} layoutKey={barsAboveDiff} />
      </div>
      {detail && diff && <DiffKeys casePk={detail.casePk} reviewCase={detail.reviewCase} />}
    </main>
  )
}
