import { useEffect } from 'react'
import { useAppStore } from '../../store'
import { editedPartName } from '../../../../shared/domain/proposal-fields'
import { deliveryLabel } from './delivery'
import { EditDiff } from './EditDiff'
import { VisibleText } from '../../ui/VisibleText'
import { OutcomeName } from './OutcomeName'
import { useDialogFocus } from '../../ui/use-dialog-focus'

function seconds(from: string, to: string): string {
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000))
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`
}

/** A case's full decision history: who chose what (where a reroute sent it, until when a deferral holds it, the reason and note), their edits as a diff, when, and whether each signature holds. */
export function CaseHistoryPanel() {
  const history = useAppStore((state) => state.history)
  const dialog = useDialogFocus<HTMLElement>(history !== null)
  // Edited parts named as the case view and the warning name them (“Total (EUR)”, not fields.total).
  const reviewCase = useAppStore((state) => (state.history ? state.cases.get(state.history.casePk)?.reviewCase : undefined))
  // A history opened from the audit trail may be of a case no longer cached here: fetched for its names.
  const casePk = history?.casePk
  useEffect(() => {
    if (casePk !== undefined) useAppStore.getState().loadCase(casePk)
  }, [casePk])
  const partName = (path: string) => {
    const name = reviewCase ? editedPartName(reviewCase, path) : path
    return name.charAt(0).toUpperCase() + name.slice(1)
  }
  if (!history) return null
  return (
    <aside ref={dialog} className="history-panel" role="dialog" aria-modal="true" aria-labelledby="history-title">
      <h2 id="history-title">
        History of “<VisibleText text={history.caseTitle} />”
      </h2>
      <p className="muted">
        Case {history.caseId} · <kbd>Esc</kbd> close
      </p>
      {history.entries.length === 0 && <p>No decision has been recorded on this case yet.</p>}
      <ol className="history-entries">
        {history.entries.map(({ record, optionLabel, reasonLabel, rerouteLabel, recordHash, signature, delivery }) => (
          <li key={record.id} data-testid="history-entry">
            <div className="history-head">
              <strong>
                <OutcomeName outcome={record.outcome} optionId={record.optionId} optionLabel={optionLabel} />
              </strong>{' '}
              by {record.reviewer} · {new Date(record.decidedAt).toLocaleString()} · {seconds(record.openedAt, record.decidedAt)} {record.outcome === 'retract' ? 'after the decision it undid' : 'after the case was first shown'}
            </div>
            <div className={`signature signature-${signature.status}`} data-testid="signature-status">
              {signature.status === 'valid' && `✓ Signature valid — key ${signature.fingerprint}`}
              {signature.status === 'invalid' && `✗ Signature invalid: ${signature.detail}`}
              {signature.status === 'unsigned' && `Unsigned: ${signature.detail}`}
            </div>
            {record.rerouteTo && (
              <div>
                To <VisibleText text={rerouteLabel ?? record.rerouteTo} />
                {rerouteLabel !== null && rerouteLabel !== record.rerouteTo && <span className="muted"> ({record.rerouteTo})</span>}
              </div>
            )}
            {record.deferUntil && <div>Until {new Date(record.deferUntil).toLocaleString()}</div>}
            {(record.reasonCode || record.note) && (
              <div className="history-note">
                {record.reasonCode ? `Reason: ${reasonLabel ?? record.reasonCode}` : 'Note'}
                {record.note && (
                  <>
                    {' — “'}
                    <VisibleText text={record.note} />”
                  </>
                )}
              </div>
            )}
            {record.edits.map((edit) => (
              <EditDiff key={edit.field} edit={edit} label={partName(edit.field)} />
            ))}
            <div className="muted small">
              Revision {record.caseRevision} · shown content {record.shownContentHash.slice(0, 12)}… · record {recordHash.slice(0, 12)}… · after{' '}
              {record.prevHash ? `${record.prevHash.slice(0, 12)}…` : 'the start of the chain'}
              {delivery && ` · ${deliveryLabel(delivery)}`} · {record.provenance.workflow.name} {record.provenance.workflow.version}
            </div>
          </li>
        ))}
      </ol>
    </aside>
  )
}
