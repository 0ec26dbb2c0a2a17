import { useEffect, useLayoutEffect, useRef, useState, type ChangeEvent, type FocusEvent, type KeyboardEvent, type RefObject } from 'react'
import type { CaseDetail } from '../../../../../shared/ipc/views'
import { registerFocusTarget } from '../../../ui/focus-targets'
import { useAppStore } from '../../../store'
import { SourceText } from '../SourceText'
import { hasHiddenCharacters } from '../../../../../shared/text/hidden-characters'
import { VisibleText } from '../../../ui/VisibleText'
import { withLineEndingsOf } from '../../../../../shared/domain/text-changes'
import { useCommandKeys } from '../../../commands/key-hints'

type FieldVerification = Extract<CaseDetail['reviewCase'], { kind: 'field-verification' }>

const LOW_CONFIDENCE = 0.7
/** A line break as a textarea shows one (HTML normalises CR and CRLF to LF). */
const LINE_BREAK = /\r\n|\r|\n/

/**
 * Every way into a field leaves the caret after its value, selecting nothing: Tab selected the
 * whole value (the browser's way) while `e` did not, so the same typing replaced a value or added
 * to it. Selected, a stray key wiped the value (an address typed over with one letter).
 */
function caretAtEnd(field: FieldElement): void {
  field.setSelectionRange(field.value.length, field.value.length)
}

/**
 * Tab from the last field goes round to the first, Shift+Tab from the first to the last: the
 * fields keep the keyboard until Esc. Past the last one, focus fell to the page, where what was
 * typed next (the next value, “25.00”) ran as keys.
 */
function keepTabInFields(event: KeyboardEvent<HTMLDivElement>): void {
  // Not Ctrl+Tab or ⌘+Tab (the OS's and the browser's); Option+Tab moves focus on a Mac as Tab does.
  if (event.key !== 'Tab' || event.ctrlKey || event.metaKey) return
  const fields = [...event.currentTarget.querySelectorAll<FieldElement>('input, textarea')]
  const at = fields.indexOf(event.target as FieldElement)
  const round = event.shiftKey ? (at === 0 ? fields.at(-1) : undefined) : at === fields.length - 1 ? fields[0] : undefined
  if (!round) return
  event.preventDefault()
  round.focus()
}

/**
 * Keeps the keyboard in the fields when a new revision of the case removes the field being typed
 * in from under the cursor (renamed, dropped, or an input become a textarea as its value gained a
 * line break): focus goes to the same field, else the first, instead of falling to the page, where
 * the next keys typed ran as commands (an `h` opened the history). Esc, or focus moved to any
 * other element, ends it. Returns the fields' focus and blur handlers.
 */
function useFieldFocusKept(list: RefObject<HTMLDivElement | null>, casePk: number) {
  const typingIn = useRef<{ casePk: number; field: FieldElement } | null>(null)
  useLayoutEffect(() => {
    const kept = typingIn.current
    // Only a field taken off the page: on an ordinary blur focus is on the page for a moment too.
    if (!kept || kept.casePk !== casePk || kept.field.isConnected) return
    typingIn.current = null
    if (document.activeElement !== null && document.activeElement !== document.body) return
    const fields = [...(list.current?.querySelectorAll<FieldElement>('input, textarea') ?? [])]
    ;(fields.find((field) => field.name === kept.field.name) ?? fields[0])?.focus()
  })
  return {
    focused: (event: FocusEvent<FieldElement>) => void (typingIn.current = { casePk, field: event.currentTarget }),
    blurred: (event: FocusEvent<FieldElement>) => {
      const left = event.currentTarget
      // A field taken off the page may say it lost focus too: that one stays the field typed in.
      queueMicrotask(() => {
        if (left.isConnected && typingIn.current?.field === left) typingIn.current = null
      })
    }
  }
}

/**
 * The document with each extracted field's evidence marked, and the fields to check: `e` enters
 * the first field, Tab / Shift+Tab move between fields (`keepTabInFields`), Esc leaves, `a`
 * confirms them all.
 * A value with line breaks (an address) is a textarea, since an input drops them; the browser
 * gives a textarea's text with LF endings, so the value's own endings are put back
 * (`withLineEndingsOf`) and a value whose lines are unchanged is no edit.
 */
export function FieldVerificationView({ casePk, reviewCase }: { casePk: number; reviewCase: FieldVerification }) {
  const edited = useAppStore((state) => state.drafts.get(casePk))
  const setDraft = useAppStore((state) => state.setDraft)
  const [active, setActive] = useState<string | undefined>()
  const editKeys = useCommandKeys('editor.focus')
  const approveKeys = useCommandKeys('decision.approve')
  const rejectKeys = useCommandKeys('decision.reject')
  const firstInput = useRef<FieldElement | null>(null)
  const list = useRef<HTMLDivElement>(null)
  const focusKept = useFieldFocusKept(list, casePk)
  useEffect(() => registerFocusTarget('fields', () => firstInput.current?.focus()), [])
  const activeField = reviewCase.proposal.fields.find((field) => field.name === active)
  return (
    <div className="kind-view two-panes wide-source">
      <SourceText reviewCase={reviewCase} activeEvidenceId={activeField?.evidenceId} />
      <section className="proposal-pane" aria-label="Extracted fields">
        <div className="pane-title">
          <span className="pane-role">Proposal</span> extracted fields
        </div>
        <div ref={list} className="field-list" onKeyDown={keepTabInFields}>
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
                <FieldEditor
                  name={path}
                  original={field.value}
                  value={value}
                  focusRef={index === 0 ? (element) => void (firstInput.current = element) : undefined}
                  tabbable={active !== undefined}
                  onFocus={(event) => {
                    setActive(field.name)
                    focusKept.focused(event)
                    caretAtEnd(event.currentTarget)
                  }}
                  onBlur={(event) => {
                    setActive(undefined)
                    focusKept.blurred(event)
                  }}
                  onValue={(changed) => setDraft(casePk, path, changed === field.value ? null : changed)}
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
        <p className="muted case-keys">
          {active === undefined ? (
            <>
              <kbd>{editKeys}</kbd> check the fields · <kbd>{approveKeys}</kbd> confirm all{edited ? ', with your corrections' : ''} · <kbd>{rejectKeys}</kbd> reject
            </>
          ) : (
            <>
              <kbd>Tab</kbd> next field · <kbd>Shift+Tab</kbd> previous · <kbd>Esc</kbd> done: then <kbd>{approveKeys}</kbd> confirms all{edited ? ', with your corrections' : ''}
            </>
          )}
        </p>
      </section>
    </div>
  )
}

type FieldElement = HTMLInputElement | HTMLTextAreaElement

/**
 * One field's editor: an input, or a textarea when the sent value has line breaks. `onValue` gets
 * the text with the sent value's line endings wherever its lines are unchanged.
 */
function FieldEditor(props: {
  name: string
  original: string
  value: string
  focusRef: ((element: FieldElement | null) => void) | undefined
  /** Reached with Tab: only while a field is being checked (`e` starts), so Tab elsewhere never lands in one. */
  tabbable: boolean
  onFocus: (event: FocusEvent<FieldElement>) => void
  onBlur: (event: FocusEvent<FieldElement>) => void
  onValue: (value: string) => void
}) {
  const { name, original, value, focusRef, tabbable, onFocus, onBlur, onValue } = props
  const common = { ref: focusRef, name, value, tabIndex: tabbable ? 0 : -1, onFocus, onBlur, onChange: (event: ChangeEvent<FieldElement>) => onValue(withLineEndingsOf(original, event.target.value)) }
  return LINE_BREAK.test(original) ? <textarea {...common} rows={value.split(LINE_BREAK).length} /> : <input {...common} />
}
