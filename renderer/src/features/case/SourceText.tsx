import { useEffect, useMemo, useRef, type ReactNode } from 'react'
import type { Case } from '../../../../shared/domain/case'
import { VisibleText } from '../../ui/VisibleText'

interface Props {
  reviewCase: Case
  /** The evidence to bring into view and emphasize (the field being checked). */
  activeEvidenceId?: string
}

interface Span {
  id: string
  label: string
  start: number
  end: number
}

/** Plain text, or an evidence mark holding its own parts (a span inside another is marked inside it). */
type Part = { text: string } | { evidence: { id: string; label: string }; parts: Part[] }

const byStart = (a: Span, b: Span) => a.start - b.start || b.end - a.end

/**
 * Splits `[from, to)` of the text at evidence spans, every span marked over exactly its range: a
 * span inside another (a bank code inside an IBAN) is marked inside it, and one that crosses
 * another's end is marked in two pieces, each with its id.
 */
function partsOf(text: string, from: number, to: number, spans: Span[]): Part[] {
  const parts: Part[] = []
  let position = from
  let pending = [...spans].sort(byStart)
  while (pending.length > 0) {
    const span = pending.shift()!
    if (span.start > position) parts.push({ text: text.slice(position, span.start) })
    const inside: Span[] = []
    const after: Span[] = []
    for (const other of pending) {
      if (other.start < span.end) {
        inside.push({ ...other, end: Math.min(other.end, span.end) })
        if (other.end > span.end) after.push({ ...other, start: span.end })
      } else {
        after.push(other)
      }
    }
    parts.push({ evidence: { id: span.id, label: span.label }, parts: partsOf(text, span.start, span.end, inside) })
    position = span.end
    pending = after.sort(byStart)
  }
  if (position < to) parts.push({ text: text.slice(position, to) })
  return parts
}

function segments(reviewCase: Case): Part[] {
  const spans = reviewCase.evidence
    .filter((item) => item.span && item.span.end > item.span.start)
    .map((item) => ({ id: item.id, label: item.label, start: item.span!.start, end: item.span!.end }))
  const text = reviewCase.source.text
  return partsOf(text, 0, text.length, spans)
}

function renderParts(parts: Part[], activeEvidenceId: string | undefined): ReactNode[] {
  return parts.map((part, index) =>
    'evidence' in part ? (
      <mark
        key={index}
        data-evidence={part.evidence.id}
        title={part.evidence.label}
        className={part.evidence.id === activeEvidenceId ? 'evidence-span active' : 'evidence-span'}
      >
        {renderParts(part.parts, activeEvidenceId)}
      </mark>
    ) : (
      <span key={index}>
        <VisibleText text={part.text} />
      </span>
    )
  )
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
        {renderParts(parts, activeEvidenceId)}
      </div>
    </section>
  )
}
