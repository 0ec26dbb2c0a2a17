import type { Case } from './case'

/**
 * The parts of a proposal a reviewer may change, by path, with their current values: the draft
 * (`text`), a proposed rule (`proposedRule`), each extracted field (`fields.<name>`), each merged
 * field's surviving record (`survivors.<field>`). Free-text fields are diffed by range when edited.
 */
export interface EditableField {
  value: string
  freeText: boolean
  /** For choices (the surviving record), the values allowed. */
  allowed?: readonly string[]
  /** The value must stay a JSON document (an agent's tool arguments). */
  json?: boolean
  /** A JSON Schema the JSON document must meet. */
  jsonSchema?: Record<string, unknown>
}

/**
 * The case's editable parts by path (`EditableField`). The record has no prototype, so a path
 * named like an object's own members (`constructor`, `__proto__`) is no field of it: an edit of
 * one is refused as any other unknown path.
 */
export function editableFields(reviewCase: Case): Record<string, EditableField> {
  return Object.assign(Object.create(null) as Record<string, EditableField>, fieldsOf(reviewCase))
}

function fieldsOf(reviewCase: Case): Record<string, EditableField> {
  switch (reviewCase.kind) {
    case 'text-approval': {
      const { text, editable, format, jsonSchema } = reviewCase.proposal
      return editable === false ? {} : { text: { value: text, freeText: true, json: format === 'json', jsonSchema } }
    }
    case 'exception':
      return { proposedRule: { value: reviewCase.proposal.proposedRule, freeText: true } }
    case 'field-verification':
      return Object.fromEntries(reviewCase.proposal.fields.map((field) => [`fields.${field.name}`, { value: field.value, freeText: false }]))
    case 'record-merge': {
      const { records, survivors } = reviewCase.proposal
      const recordIds = records.map((record) => record.id)
      return Object.fromEntries(
        mergeFieldNames(reviewCase).map((name) => [`survivors.${name}`, { value: survivors[name] ?? records[0]!.id, freeText: false, allowed: recordIds }])
      )
    }
    case 'classification':
      return {}
  }
}

/** Every field name across the records of a merge, in first-seen order. */
export function mergeFieldNames(reviewCase: Extract<Case, { kind: 'record-merge' }>): string[] {
  return [...new Set(reviewCase.proposal.records.flatMap((record) => Object.keys(record.fields)))]
}

/**
 * An edited part of a proposal (an `editableFields` path) as the app names it to the reviewer:
 * “the draft”, “the proposed rule”, an extracted field by its label (“Total (EUR)”), “the record
 * kept for “email””.
 */
export function editedPartName(reviewCase: Case, path: string): string {
  if (path === 'text') return 'the draft'
  if (path === 'proposedRule') return 'the proposed rule'
  const dot = path.indexOf('.')
  const name = path.slice(dot + 1)
  if (path.slice(0, dot) === 'survivors') return `the record kept for “${name}”`
  const field = reviewCase.kind === 'field-verification' ? reviewCase.proposal.fields.find((candidate) => candidate.name === name) : undefined
  return `“${field?.label ?? name}”`
}

/** Longest a value is quoted in `editsSentence`, in code points, before it is cut with “…”. */
const QUOTED_VALUE_MAX = 40

/**
 * The two values as `editsSentence` quotes them: whole when short, else each cut to
 * QUOTED_VALUE_MAX code points (never inside a character) from a little before where they first
 * differ, so two long values never read alike. `more`: they also differ after the part quoted.
 */
function quotedPair(before: string, after: string): { from: string; to: string; more: boolean } {
  const [old, now] = [Array.from(before), Array.from(after)]
  if (old.length <= QUOTED_VALUE_MAX && now.length <= QUOTED_VALUE_MAX) return { from: before, to: after, more: false }
  let differ = 0
  while (differ < old.length && old[differ] === now[differ]) differ++
  let same = 0
  while (same < old.length - differ && same < now.length - differ && old.at(-1 - same) === now.at(-1 - same)) same++
  const start = Math.max(0, differ - 10)
  const cut = (points: string[]) => `${start > 0 ? '…' : ''}${points.slice(start, start + QUOTED_VALUE_MAX).join('')}${points.length > start + QUOTED_VALUE_MAX ? '…' : ''}`
  return { from: cut(old), to: cut(now), more: Math.max(old.length, now.length) - same > start + QUOTED_VALUE_MAX }
}

/** Line breaks in a quoted value, shown as ↵: the sentence stays on its line. */
const showBreaks = (text: string) => text.replace(/\r\n|\r|\n/g, '↵')

/**
 * The reviewer's edits in a sentence, for the warning and the confirmation that quote the case's
 * own words about the proposal as sent ("€352.00 is paid"): `Your edits go with it: “Total (EUR)”
 * from “352.00” to “325.00” and the draft from “Hi Mateo,↵Thank…” to “2Hi Mateo,↵Than…”. The
 * case's own text above still quotes the proposal as sent.` Values and free text alike are quoted
 * where they first differ (`quotedPair`; line breaks as ↵), and said to change further on when
 * they do past the part quoted. `edited` maps `editableFields` paths to values; null when none differs from the proposal.
 */
export function editsSentence(reviewCase: Case, edited: Readonly<Record<string, string>> | undefined): string | null {
  // Read at every change of the store while a case is open: nothing to build for a case without edits.
  if (!edited) return null
  const fields = editableFields(reviewCase)
  const changed = Object.entries(edited).filter(([path, value]) => fields[path] && fields[path].value !== value)
  if (changed.length === 0) return null
  const parts = changed.map(([path, value]) => {
    const name = editedPartName(reviewCase, path)
    const { from, to, more } = quotedPair(fields[path]!.value, value)
    // A long value may change again past the part quoted (an address's postcode after its street).
    return `${name} from “${showBreaks(from)}” to “${showBreaks(to)}”${more ? ', with more changed after it' : ''}`
  })
  return `Your edits go with it: ${new Intl.ListFormat('en-GB').format(parts)}. The case's own text above still quotes the proposal as sent.`
}
