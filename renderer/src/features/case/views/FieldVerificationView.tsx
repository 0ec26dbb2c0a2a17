import { useEffect, useRef, useState } from 'react'
import type { CaseDetail } from '../../../../../shared/ipc/views'
import { registerFocusTarget } from '../../../app/focus-targets'
import { useAppStore } from '../../../store'
import { SourceText } from '../SourceText'
import { hasHiddenCharacters } from '../../../../../shared/text/hidden-characters'
import { VisibleText } from '../VisibleText'

type FieldVerification = Extract<CaseDetail['reviewCase'], { kind: 'field-verification' }>

const LOW_CONFIDENCE = 0.7

/**
 * The document with each extracted field's evidence marked, and the fields to check: `e` (or Tab)
 * enters the first field, Tab / Shift+Tab move between fields, Esc leaves, `a` confirms them all.
 */
export function FieldVerificationView({ casePk, reviewCase }: { casePk: number; reviewCase: FieldVerification }) {
  const edited = useAppStore((state) => state.drafts.get(casePk))
  const setDraft = useAppStore((state) => state.setDraft)
  const [active, setActive] = useState<string | undefined>()
  const firstInput = useRef<HTMLInputElement>(null)
  useEffect(() => registerFocusTarget('fields', () => firstInput.current?.focus()), [])
  const activeField = reviewCase.proposal.fields.find((field) => field.name === active)
  return (
    <div className="kind-view two-panes">
      <SourceText reviewCase={reviewCase} activeEvidenceId={activeField?.evidenceId} />
      <section className="proposal-pane" aria-label="Extracted fields">
        <div className="pane-title">
          <span className="pane-role">Proposal</span> extracted fields
        </div>
        <div className="field-list">
          {reviewCase.proposal.fields.map((field, index) => {
            const path = `fields.${field.name}`
            const value = edited?.[path] ?? field.value
            const low = (field.confidence ?? 1) < LOW_CONFIDENCE
            return (
              <label key={field.name} className={`field-row${edited?.[path] !== undefined ? ' changed' : ''}`}>
                <span className="field-label">
                  <VisibleText text={field.label} />
                  {low && <span className="badge badge-money">check: {Math.round((field.confidence ?? 0) * 100)}%</span>}
                  {edited?.[path] !== undefined && <span className="edited"> · corrected</span>}
                </span>
                <input
                  ref={index === 0 ? firstInput : undefined}
                  name={path}
                  value={value}
                  onFocus={() => setActive(field.name)}
                  onBlur={() => setActive(undefined)}
                  onChange={(event) => setDraft(casePk, path, event.target.value === field.value ? null : event.target.value)}
                />
                {hasHiddenCharacters(value) && (
                  <span className="field-shown">
                    holds hidden characters: <VisibleText text={value} />
                  </span>
                )}
              </label>
            )
          })}
        </div>
        <p className="muted">
          <kbd>e</kbd> check the fields · <kbd>Tab</kbd> next field · <kbd>Esc</kbd> done · <kbd>a</kbd> confirm all · <kbd>r</kbd> reject
        </p>
      </section>
    </div>
  )
}
