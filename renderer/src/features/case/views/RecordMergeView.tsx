import type { CaseDetail } from '../../../../../shared/ipc/views'
import { mergeFieldNames } from '../../../../../shared/domain/proposal-fields'
import { useAppStore } from '../../../store'
import { VisibleText } from '../../../ui/VisibleText'
import { WrappableText } from '../../../ui/WrappableText'
import { useCommandKeys } from '../../../commands/key-hints'

type RecordMerge = Extract<CaseDetail['reviewCase'], { kind: 'record-merge' }>

/**
 * The records side by side, differing fields marked, the surviving value of each field
 * highlighted. ↑/↓ choose a field, a number key takes that field from record 1, 2…
 */
export function RecordMergeView({ casePk, reviewCase }: { casePk: number; reviewCase: RecordMerge }) {
  const edited = useAppStore((state) => state.drafts.get(casePk))
  const fieldIndex = useAppStore((state) => state.mergeFieldIndex)
  const previousFieldKeys = useCommandKeys('merge.previousField')
  const nextFieldKeys = useCommandKeys('merge.nextField')
  const approveKeys = useCommandKeys('decision.approve')
  const rejectKeys = useCommandKeys('decision.reject')
  const { records, survivors } = reviewCase.proposal
  const fields = mergeFieldNames(reviewCase)
  return (
    <div className="kind-view">
      <section className="merge-pane" aria-label="Records to merge">
        <table className="merge-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              {records.map((record, index) => (
                <th key={record.id} scope="col">
                  <kbd>{index + 1}</kbd> <VisibleText text={record.label} />{' '}
                  <span className="muted">
                    <VisibleText text={record.system ? `${record.id} · ${record.system}` : record.id} />
                  </span>
                </th>
              ))}
              <th scope="col">After the merge</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field, index) => {
              const survivor = edited?.[`survivors.${field}`] ?? survivors[field] ?? records[0]!.id
              const values = records.map((record) => record.fields[field] ?? '')
              const differs = new Set(values).size > 1
              const current = index === fieldIndex
              return (
                <tr key={field} className={current ? 'current' : undefined} aria-current={current}>
                  <th scope="row">
                    <VisibleText text={field} /> {differs && <span className="badge badge-money" title="The records disagree">differs</span>}
                  </th>
                  {records.map((record) => (
                    <td key={record.id} className={record.id === survivor ? 'survivor' : undefined}>
                      {record.fields[field] ? <WrappableText text={record.fields[field]} /> : <span className="muted">—</span>}
                    </td>
                  ))}
                  <td className="merged">
                    <SurvivingValue value={records.find((record) => record.id === survivor)?.fields[field]} />
                    {edited?.[`survivors.${field}`] !== undefined && <span className="edited"> · changed</span>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <p className="muted case-keys">
          <kbd>{previousFieldKeys}</kbd>/<kbd>{nextFieldKeys}</kbd> choose a field · <kbd>1</kbd>–<kbd>{records.length}</kbd> keep that record’s value · <kbd>{approveKeys}</kbd> merge ·{' '}
          <kbd>{rejectKeys}</kbd> refuse
        </p>
      </section>
    </div>
  )
}

function SurvivingValue({ value }: { value: string | undefined }) {
  return value ? <WrappableText text={value} /> : <span className="muted">—</span>
}
