import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { rejectReasonsFor } from '../../../../shared/domain/reject-reasons'
import { secretLike } from '../../../../shared/domain/secret-like'
import type { CaseDetail } from '../../../../shared/ipc/views'
import { keyLabel } from '../../commands/key-hints'
import { isActingEnter, isComposing, isSendChord, msSinceTypingKey, pickedNumber, typedText } from '../../commands/key-press'
import { useAppStore } from '../../store'
import { clockTime } from '../../ui/time-format'
import { selectOpenCase } from '../../store/selectors'
import type { DecisionDraft, PickerMode } from '../../store/decision-slice'
import { VisibleText } from '../../ui/VisibleText'

interface Choice {
  label: string
  /** A reroute target's id, which the decision records, when its label is another text: what tells two alike labels apart. */
  id?: string
  draft(note: string): DecisionDraft
}

function atHour(daysAhead: number, hour: number, weekday?: number): string {
  const date = new Date()
  date.setDate(date.getDate() + daysAhead)
  if (weekday !== undefined) date.setDate(date.getDate() + ((weekday - date.getDay() + 7) % 7 || 7))
  date.setHours(hour, 0, 0, 0)
  return date.toISOString()
}

/** The numbered choices of each picker; number keys pick, Tab reaches the note. */
function choicesFor(mode: Exclude<PickerMode, 'take-over'>, detail: CaseDetail): Choice[] {
  switch (mode) {
    case 'reject':
      return rejectReasonsFor(detail.reviewCase).map((reason) => ({
        label: reason.label,
        draft: (note) => ({ outcome: 'reject', reasonCode: reason.code, note: note || undefined })
      }))
    case 'reroute':
      // The targets the case's backend lists (at most nine); the decision names the target by its id.
      return (detail.rerouteTargets?.targets ?? []).map((target) => ({
        label: target.label,
        // Shown when the label says something else: two targets labelled alike stay apart.
        id: target.id === target.label ? undefined : target.id,
        draft: (note) => ({ outcome: 'reroute', rerouteTo: target.id, note: note || undefined })
      }))
    case 'defer': {
      // The hour as the status bar and the reviewer's locale write it ("9:00 AM", "09:00").
      const tomorrow = atHour(1, 9)
      const monday = atHour(0, 9, 1)
      return [
        { label: 'For an hour', at: new Date(Date.now() + 3_600_000).toISOString() },
        { label: 'For four hours', at: new Date(Date.now() + 4 * 3_600_000).toISOString() },
        { label: `Until tomorrow, ${clockTime(tomorrow)}`, at: tomorrow },
        { label: `Until Monday, ${clockTime(monday)}`, at: monday }
      ].map(({ label, at }) => ({ label, draft: (note) => ({ outcome: 'defer', deferUntil: at, note: note || undefined }) }))
    }
    case 'needs-info':
      return []
  }
}

/** Why the reroute picker lists no one: the demo has no one, the backend's own reason, or that it lists none (or has not been synced yet). */
function noRerouteTargets({ rerouteTargets, workspaceName, isDemo }: CaseDetail): string {
  if (isDemo) return `${workspaceName} has no teams to reroute to: cases from a backend (add one in Settings, g s) can be rerouted to the teams it lists.`
  if (!rerouteTargets) return `${workspaceName} has not given its reroute targets yet; they come with its next sync.`
  return rerouteTargets.unlisted ?? `${workspaceName} lists no one to reroute to.`
}

/** What the note is and where it goes: with the signed decision to the case's backend (an agent reads it there), or, in the demo, nowhere but the audit trail. */
function noteLabel(mode: Exclude<PickerMode, 'take-over'>, { isDemo, workspaceName }: CaseDetail): string {
  const what = mode === 'needs-info' ? 'Your question' : 'Note (optional)'
  return isDemo ? `${what}, kept with the decision in the audit trail` : `${what}, sent with the decision to ${workspaceName}`
}

const TITLES: Record<Exclude<PickerMode, 'take-over'>, string> = {
  reject: 'Reject because…',
  reroute: 'Send it to…',
  defer: 'Defer…',
  'needs-info': 'What information is needed?'
}

/** What sends a written question: Ctrl+Enter, ⌘+Enter on Apple keyboards (`isSendChord`). */
const SEND_KEYS = keyLabel('Mod+Enter')

/**
 * The pickers behind r (reject), o (reroute), d (defer) and i (needs info): a number key decides at
 * once, unless it comes sooner than the reaction time after a key that types text (then, like any key
 * that types text, or Tab, it goes to the note); Enter in the note returns to the choices. The
 * needs-info question is a message: Enter starts a new line and Ctrl/⌘+Enter sends it. A note that
 * looks like a secret (`secretLike`) is sent only on a second press made after the warning was seen.
 */
export function OutcomePicker() {
  const mode = useAppStore((state) => state.picker)
  const detail = useAppStore(selectOpenCase)
  if (mode === 'take-over') return <TakeOverPicker />
  if (!mode || !detail) return null
  return <Picker key={`${mode}-${detail.casePk}`} mode={mode} detail={detail} />
}

/** `T`: a colleague's case, by id, from a backend that shares cases; Enter takes it over. */
function TakeOverPicker() {
  const backends = useAppStore((state) => state.backendStatus)
  const takeOver = useAppStore((state) => state.takeOver)
  const [caseId, setCaseId] = useState('')
  const shared = backends.filter((backend) => backend.kind === 'review-api')
  return (
    <div className="picker-backdrop">
      <div className="picker" role="dialog" aria-modal="true" aria-labelledby="take-over-title">
        <h2 id="take-over-title">Take over a colleague’s case</h2>
        {shared.length === 0 ? (
          <p>Only cases from a Review API backend can be taken over; none is configured.</p>
        ) : (
          <label className="picker-field">
            Case id at {shared[0]!.name}
            <input
              autoFocus
              value={caseId}
              onChange={(event) => setCaseId(event.target.value)}
              onKeyDown={(event) => {
                if (isActingEnter(event.nativeEvent) && caseId.trim()) void takeOver(shared[0]!.id, caseId.trim())
              }}
            />
          </label>
        )}
        <p className="muted">
          {shared.length > 0 && (
            <>
              <kbd>Enter</kbd> take it over (a signed decision) ·{' '}
            </>
          )}
          <kbd>Esc</kbd> back
        </p>
      </div>
    </div>
  )
}

function Picker({ mode, detail }: { mode: Exclude<PickerMode, 'take-over'>; detail: CaseDetail }) {
  const decide = useAppStore((state) => state.decide)
  const reactionTimeMs = useAppStore((state) => state.reactionTimeMs)
  const [note, setNote] = useState('')
  /** The note a send was held back for, as a secret, and when (`performance.now()` ms). */
  const [secretWarning, setSecretWarning] = useState<{ note: string; at: number } | null>(null)
  const [inNote, setInNote] = useState(mode === 'needs-info')
  const noteRef = useRef<HTMLTextAreaElement>(null)
  const dialogRef = useRef<HTMLDivElement>(null)
  const choices = useMemo(() => choicesFor(mode, detail), [mode, detail])
  const secret = secretLike(note)

  /**
   * Sends `draft`, made from the note as it is now, for a press at `at`; a note that looks like a
   * secret goes only on a press made once the warning has been on screen for the reaction time.
   */
  const send = useCallback(
    (draft: DecisionDraft, key: string, at: number) => {
      const text = noteRef.current?.value ?? ''
      if (secretLike(text) && !(secretWarning?.note === text && at - secretWarning.at >= reactionTimeMs)) {
        if (secretWarning?.note !== text) setSecretWarning({ note: text, at: performance.now() })
        return
      }
      void decide(draft, { key, at })
    },
    [decide, reactionTimeMs, secretWarning]
  )

  // Focus before the browser paints, so the keys typed right after the picker's key land here.
  useLayoutEffect(() => {
    if (mode === 'needs-info') noteRef.current?.focus()
    else dialogRef.current?.focus()
  }, [mode])

  useEffect(() => {
    // Listening may start while the key that opened the picker is still on its way up to window
    // (React renders a key's update before its dispatch ends): that key is not typed or picked.
    // Keys typed after it are, even when they came in before this effect ran (a slow render: "r1"
    // typed 30 ms apart on a loaded machine lost its 1).
    const openedAt = useAppStore.getState().pickerOpenedAt
    function onKeyDown(event: KeyboardEvent) {
      if (event.timeStamp <= openedAt) return
      if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement) return
      const number = pickedNumber(event)
      const choice = number === null ? undefined : choices[number - 1]
      // A digit typed amid other keys (“… port\n8787”, “r1”) belongs to the text, not to the choices.
      if (choice && msSinceTypingKey(event) >= reactionTimeMs) {
        event.preventDefault()
        send(choice.draft(noteRef.current?.value.trim() ?? ''), String(number), event.timeStamp)
        return
      }
      // Typing starts the note: a sentence typed at the choices (“Amount is 1,240 EUR”) goes into
      // the note whole, so its digits pick nothing and none of its letters reach the queue once
      // the picker closes. A key an input method takes (keyCode 229) moves there too, so the
      // composition happens in the note.
      const text = typedText(event)
      if (!noteRef.current || (text === null && !isComposing(event))) return
      noteRef.current.focus()
      if (text !== null) {
        event.preventDefault()
        setNote((current) => current + text)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [mode, choices, reactionTimeMs, send])

  function onNoteKey(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    // The Enter that commits an input method's composition only commits it.
    if (event.key !== 'Enter' || event.shiftKey || isComposing(event.nativeEvent)) return
    if (mode === 'needs-info') {
      // Enter is a new line: typed text, whatever it was meant for, never sends the question.
      if (!isSendChord(event.nativeEvent)) return
      event.preventDefault()
      if (note.trim()) send({ outcome: 'needs-info', note: note.trim() }, SEND_KEYS, event.timeStamp)
      return
    }
    event.preventDefault()
    if (isActingEnter(event.nativeEvent)) dialogRef.current?.focus()
  }

  return (
    <div className="picker-backdrop">
      <div ref={dialogRef} tabIndex={-1} className="picker" role="dialog" aria-modal="true" aria-labelledby="picker-title">
        <h2 id="picker-title">
          {TITLES[mode]} <span className="muted">
            “<VisibleText text={detail.reviewCase.title} />”
          </span>
        </h2>
        {choices.length > 0 && (
          <ol className="picker-options">
            {choices.map((choice, index) => (
              // Labels may repeat (a backend's targets are told apart by id): keyed by position.
              <li key={index}>
                <kbd>{index + 1}</kbd> <VisibleText text={choice.label} />
                {choice.id !== undefined && (
                  <code className="choice-id">
                    <VisibleText text={choice.id} />
                  </code>
                )}
              </li>
            ))}
          </ol>
        )}
        {mode === 'reroute' && choices.length === 0 && (
          <p className="picker-empty" role="status">
            <VisibleText text={noRerouteTargets(detail)} /> It cannot be rerouted from here: reject it, defer it or ask for information instead.
          </p>
        )}
        {(mode === 'needs-info' || choices.length > 0) && (
          <label className="picker-field">
            {noteLabel(mode, detail)}
            <textarea
              ref={noteRef}
              rows={2}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              onKeyDown={onNoteKey}
              onFocus={() => setInNote(true)}
              onBlur={() => setInNote(false)}
            />
          </label>
        )}
        {secret && (
          <p className="picker-warning" role="alert">
            This looks like {secret}. {mode === 'needs-info' ? 'The question goes to the case’s author' : 'The note goes to the case’s backend'}, signed, and stays in
            the audit trail.{' '}
            {secretWarning?.note === note &&
              (mode === 'needs-info' ? (
                <>
                  Press <kbd>{SEND_KEYS}</kbd> again to send it as it is.
                </>
              ) : (
                'Press the number again to decide with it as it is.'
              ))}
          </p>
        )}
        <p className="muted">
          {mode === 'needs-info' ? (
            <>
              <kbd>{SEND_KEYS}</kbd> send · <kbd>Enter</kbd> new line · <kbd>Esc</kbd> cancel, nothing is recorded
            </>
          ) : choices.length === 0 ? (
            <>
              <kbd>Esc</kbd> back
            </>
          ) : inNote ? (
            <>
              <kbd>Enter</kbd> back to the choices, then a number decides · <kbd>Esc</kbd> cancel, nothing is recorded
            </>
          ) : (
            <>
              A number decides · type or <kbd>Tab</kbd> to add a note · <kbd>Esc</kbd> cancel
            </>
          )}
        </p>
      </div>
    </div>
  )
}
