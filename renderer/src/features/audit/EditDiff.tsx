import type { FieldEdit } from '../../../../shared/domain/decision'
import { textChanges } from '../../../../shared/domain/text-changes'
import { excerptEnd, excerptStart } from '../../../../shared/text/excerpt'
import { VisibleText } from '../../ui/VisibleText'

/** Characters (UTF-16 code units) of unchanged text kept around each change, at most: cut at a word boundary. */
const CONTEXT = 60

/**
 * An edit as a reader wants it: the unchanged text around each change, removed struck, added
 * marked, under `label` (the part's name as the case view says it, “Total (EUR)”, “The draft”).
 */
export function EditDiff({ edit, label }: { edit: FieldEdit; label: string }) {
  const ranges = edit.ranges ?? textChanges(edit.old, edit.new)
  const parts: React.ReactNode[] = []
  let position = 0
  ranges.forEach((range, index) => {
    const gap = edit.old.slice(position, range.oldStart)
    const shown = gap.length > CONTEXT * 2 && index > 0 ? `${excerptStart(gap, CONTEXT)} … ${excerptEnd(gap, CONTEXT)}` : index === 0 && gap.length > CONTEXT ? `… ${excerptEnd(gap, CONTEXT)}` : gap
    parts.push(
      <span key={`same-${index}`}>
        <VisibleText text={shown} />
      </span>
    )
    if (range.removed)
      parts.push(
        <del key={`del-${index}`}>
          <VisibleText text={range.removed} />
        </del>
      )
    if (range.added)
      parts.push(
        <ins key={`ins-${index}`}>
          <VisibleText text={range.added} />
        </ins>
      )
    position = range.oldEnd
  })
  const tail = edit.old.slice(position)
  parts.push(
    <span key="tail">
      <VisibleText text={tail.length > CONTEXT ? `${excerptStart(tail, CONTEXT)} …` : tail} />
    </span>
  )
  return (
    <div className="edit-diff">
      <div className="edit-field">
        <VisibleText text={label} />
      </div>
      <pre>{parts}</pre>
    </div>
  )
}
