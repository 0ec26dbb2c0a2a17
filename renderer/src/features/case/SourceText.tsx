import { useEffect, useMemo, useRef } from 'react'
import type { Case } from '../../../../shared/domain/case'
import { VisibleText } from './VisibleText'

interface Props {
  reviewCase: Case
  /** The evidence to bring into view and emphasize (the field being checked). */
  activeEvidenceId?: string
}

interface Segment {
  text: string
  evidence?: { id: string; label: string }
}

/** Splits the source text at evidence spans (overlaps resolved in favour of the earlier span). */
function segments(reviewCase: Case): Segment[] {
  const spans = reviewCase.evidence
    .filter((item) => item.span && item.span.end > item.span.start)
    .map((item) => ({ id: item.id, label: item.label, start: item.span!.start, end: item.span!.end }))
    .sort((a, b) => a.start - b.start)
  const text = reviewCase.source.text
  const result: Segment[] = []
  let position = 0
  for (const span of spans) {
    if (span.start < position) continue
    if (span.start > position) result.push({ text: text.slice(position, span.start) })
    result.push({ text: text.slice(span.start, span.end), evidence: { id: span.id, label: span.label } })
    position = span.end
  }
  if (position < text.length) result.push({ text: text.slice(position) })
  return result
}

/**
 * The source document as plain text, with the automation's evidence marked where it points.
 * Text nodes only: case content is never HTML.
 */
export function SourceText({ reviewCase, activeEvidenceId }: Props) {
  const parts = useMemo(() => segments(reviewCase), [reviewCase])
  const containerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!activeEvidenceId) return
    containerRef.current?.querySelector(`[data-evidence="${CSS.escape(activeEvidenceId)}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [activeEvidenceId])
  return (
    <section className="source-pane" aria-label={`Source: ${reviewCase.source.title}`}>
      <div className="pane-title">
        <span className="pane-role">Source</span> <VisibleText text={reviewCase.source.title} />
      </div>
      <div ref={containerRef} className="source-text" tabIndex={0}>
        {parts.map((part, index) =>
          part.evidence ? (
            <mark
              key={index}
              data-evidence={part.evidence.id}
              title={part.evidence.label}
              className={part.evidence.id === activeEvidenceId ? 'evidence-span active' : 'evidence-span'}
            >
              <VisibleText text={part.text} />
            </mark>
          ) : (
            <span key={index}>
              <VisibleText text={part.text} />
            </span>
          )
        )}
      </div>
    </section>
  )
}
