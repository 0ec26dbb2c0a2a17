import type { Case, CaseOption } from '../../../../shared/domain/case'
import { OPTION_KEYS } from './views/OptionsBar'
import { irreversibleChoices } from '../../../../shared/domain/option-effect'
import { editedPartName, editsSentence } from '../../../../shared/domain/proposal-fields'
import { countOf } from '../../../../shared/text/plural'
import type { CaseDetail } from '../../../../shared/ipc/views'
import { useAppStore } from '../../store'
import { holdNotice } from '../../ui/hold-label'
import { RiskBadges } from '../../ui/RiskBadges'
import { Briefing } from './Briefing'
import { kindLabel } from '../../../../shared/domain/kind-labels'
import { dueLabel, isOverdue, relativeTime } from '../../ui/time-format'
import { useMemo } from 'react'
import { valueHasHiddenCharacters } from '../../../../shared/text/hidden-characters'
import { VisibleText } from '../../ui/VisibleText'

const PAUSE_LABELS = {
  'policy-rule': 'Policy rule',
  'low-confidence': 'Low confidence',
  'risk-class': 'Risk class',
  exception: 'Exception'
} as const

/** “A”, “B” or “C”: a list of alternatives, as British English writes it (`Intl.ListFormat`). */
const ALTERNATIVES = new Intl.ListFormat('en-GB', { type: 'disjunction' })
/** Options a warning names by label at most; the rest are counted (two or more: one more is named). */
const NAMED_OPTIONS = 3

/**
 * Options as a warning names them: each with its number key (the bar's `1`–`9`) and its label,
 * quoted, isolated (`bdi`: a right-to-left label cannot pull the words after it inside its quotes)
 * and boxed, so quote marks inside a label read as part of it; past NAMED_OPTIONS, the rest counted.
 */
function OptionList({ reviewCase, options }: { reviewCase: Case; options: readonly CaseOption[] }) {
  const named = options.length > NAMED_OPTIONS + 1 ? options.slice(0, NAMED_OPTIONS) : options
  const others = options.length - named.length
  const items = [...named.map((option) => option.id), ...(others > 0 ? [`one of ${countOf(others, 'other option')}`] : [])]
  let element = 0
  return ALTERNATIVES.formatToParts(items).map((part, index) => {
    if (part.type !== 'element') return part.value
    const option = named[element++]
    if (!option) return part.value
    const position = reviewCase.options.indexOf(option)
    return (
      <span key={index} className="option-ref">
        {position < OPTION_KEYS && <kbd>{position + 1}</kbd>} “
        <bdi className="option-label boxed" title={option.label}>
          <VisibleText text={option.label} />
        </bdi>
        ”
      </span>
    )
  })
}

/**
 * What cannot be undone, in the case's own words, and which choices do it (`irreversibleChoices`:
 * the effects the confirmation prompt reads too, so the warning never calls a choice safe that
 * the prompt then calls final). When the approve key or the recommended option does not carry the
 * final action out ("Refuse (offer store credit)", recommended), the warning names the choices
 * that do: read beside that recommendation, the case's words ("€1,338.00 is refunded") would say
 * the refund happens. Options final for a reason of their own ("Close the account for good")
 * follow. Nothing is shown when no choice is final. The reviewer's edits follow the case's words
 * (`edits`, `editsSentence`), which describe the proposal as sent.
 */
function IrreversibleBanner({ reviewCase, edits }: { reviewCase: Case; edits: string | null }) {
  const { approving, carryingOut, finalOfTheirOwn, steeredToThem } = irreversibleChoices(reviewCase)
  const effect = reviewCase.risk.irreversibleEffect
  const carried = approving || carryingOut.length > 0
  // The proposed action is final by the case's risk class, or by an option's own flags.
  const proposalFinal = carried || !reviewCase.risk.reversible
  if (!proposalFinal && finalOfTheirOwn.length === 0) return null
  const how = !carried ? ' if carried out, though none of its choices here does' : carryingOut.length === 0 ? ' if you approve' : <> if you {approving ? 'approve or choose ' : 'choose '}<OptionList reviewCase={reviewCase} options={carryingOut} /></>
  return (
    <p className="irreversible-banner" role="note">
      {proposalFinal &&
        (steeredToThem ? (
          <>
            <strong>Cannot be undone.</strong> <VisibleText text={effect ?? 'Once approved, this action is final.'} />
          </>
        ) : (
          <>
            <strong>Cannot be undone</strong>
            {how}
            {effect ? ': ' : '.'}
            {effect && <VisibleText text={effect} />}
          </>
        ))}
      {carried && edits && (
        <>
          {' '}
          <VisibleText text={edits} />
        </>
      )}
      {finalOfTheirOwn.length > 0 &&
        (proposalFinal ? (
          <> Final once chosen, too: <OptionList reviewCase={reviewCase} options={finalOfTheirOwn} />.</>
        ) : (
          <>
            <strong>Cannot be undone</strong> if you choose <OptionList reviewCase={reviewCase} options={finalOfTheirOwn} />.
          </>
        ))}
    </p>
  )
}

/**
 * Edits a new revision of the case made moot, each with the part it was of: not applied, shown so
 * the reviewer's work is not lost (they may copy it into the new text).
 */
function SetAsideEdits({ reviewCase, edits }: { reviewCase: Case; edits: Record<string, string> }) {
  return (
    <dl className="set-aside" aria-label="Your edits, set aside">
      {Object.entries(edits).map(([path, value]) => (
        <div key={path}>
          <dt>Your {editedPartName(reviewCase, path).replace(/^the /, '')}, not applied</dt>
          <dd>
            <VisibleText text={value} />
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** Each draft's sentence (`editsSentence`), by the draft's record: a new record is made at each edit. */
const editsByDraft = new WeakMap<Readonly<Record<string, string>>, { reviewCase: Case; sentence: string | null }>()

/**
 * `editsSentence`, computed once per draft: the header's selector runs at every change of the
 * store (sync progress, the clock), and comparing a 1 MB draft with its proposal took 26 ms.
 */
function draftSentence(reviewCase: Case, draft: Readonly<Record<string, string>> | undefined): string | null {
  if (!draft) return null
  const known = editsByDraft.get(draft)
  if (known?.reviewCase === reviewCase) return known.sentence
  const sentence = editsSentence(reviewCase, draft)
  editsByDraft.set(draft, { reviewCase, sentence })
  return sentence
}

/** What the reviewer must know before looking at the diff: the decision, why, the stakes, who owns it. */
export function CaseHeader({ detail }: { detail: CaseDetail }) {
  const { reviewCase } = detail
  const notice = useAppStore((state) => state.caseNotices.get(detail.casePk))
  const setAside = useAppStore((state) => state.setAsideEdits.get(detail.casePk))
  // A string, so typing into the proposal renders the header again only when the sentence changes.
  const edits = useAppStore((state) => draftSentence(detail.reviewCase, state.drafts.get(detail.casePk)))
  const claim = useAppStore((state) => state.holds.get(detail.casePk))
  const hold = holdNotice(claim)
  const { ownership, pauseReason, confidence, risk, provenance } = reviewCase
  const recommended = reviewCase.options.find((option) => option.recommended)
  const holdsHidden = useMemo(() => valueHasHiddenCharacters(reviewCase), [reviewCase])
  return (
    <header className="case-header" tabIndex={0} aria-label="About this case">
      <div className="case-title-row">
        <span className="kind-chip">{kindLabel(reviewCase.kind)}</span>
        {detail.isDemo ? <span className="badge badge-demo">Demo</span> : <span className="badge">{detail.workspaceName}</span>}
        <h1 className="case-title">
          <VisibleText text={reviewCase.title} />
        </h1>
      </div>
      <p className="decision-needed">
        <VisibleText text={reviewCase.decisionNeeded} />
      </p>
      {reviewCase.briefing && <Briefing text={reviewCase.briefing} />}
      {notice && (
        <p className="case-notice" role="status">
          <VisibleText text={notice} />
        </p>
      )}
      {setAside && <SetAsideEdits reviewCase={reviewCase} edits={setAside} />}
      {hold && (
        <p className={claim?.mine ? 'case-hold' : 'case-hold colleague'} role="status">
          {hold}
        </p>
      )}

      <IrreversibleBanner reviewCase={reviewCase} edits={edits} />

      <dl className="case-facts">
        <div className="wide">
          <dt>Why it paused</dt>
          <dd>
            {PAUSE_LABELS[pauseReason.code]}
            {pauseReason.rule && (
              <code className="rule">
                <VisibleText text={pauseReason.rule} />
              </code>
            )}{' '}
            — <VisibleText text={pauseReason.detail} />
          </dd>
        </div>
        <div>
          <dt>Risk</dt>
          <dd>
            <RiskBadges risk={risk} hiddenCharacters={holdsHidden} />
          </dd>
        </div>
        {confidence && (
          <div>
            <dt>Model confidence</dt>
            <dd className="muted" title="A hint, not the decision">
              {Math.round(confidence.score * 100)}%{confidence.note && <VisibleText text={` — ${confidence.note}`} />}
            </dd>
          </div>
        )}
        {recommended && (
          <div>
            <dt>Recommended</dt>
            <dd>
              <VisibleText text={recommended.label} />
            </dd>
          </div>
        )}
        <div>
          <dt>Owner</dt>
          <dd>
            <VisibleText text={ownership.assignee} />
            {ownership.queue && <VisibleText text={` · ${ownership.queue}`} />}
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>
            <span className={isOverdue(ownership.dueAt) ? 'overdue' : undefined}>{dueLabel(ownership.dueAt)}</span>
            <span className="muted">· opened {relativeTime(ownership.createdAt)}</span>
          </dd>
        </div>
        <div>
          <dt>If nobody acts</dt>
          <dd>
            <VisibleText text={ownership.fallback} />
          </dd>
        </div>
        <div className="wide">
          <dt>Provenance</dt>
          <dd className="muted">
            <VisibleText
              text={[provenance.workflow, provenance.policy, provenance.prompt, provenance.model]
                .flatMap((ref) => (ref ? [`${ref.name} ${ref.version}`] : []))
                .join(' · ')}
            />
          </dd>
        </div>
      </dl>
    </header>
  )
}
