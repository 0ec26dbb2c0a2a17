import type { Case } from './case'
import { quotedChange } from '../text/quoted-change'

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

/**
 * The reviewer's edits in a sentence, for the warning and the confirmation that quote the case's
 * own words about the proposal as sent ("€352.00 is paid"): `Your edits go with it: “Total (EUR)”
 * from “352.00” to “325.00” and the draft from “Hi Mateo,↵Thank…” to “2Hi Mateo,↵Than…”. The
 * case's own text above still quotes the proposal as sent.` Values and free text alike are quoted
 * where they first differ (`quotedChange`; line breaks as ↵), and said to change further on when
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
    const { from, to, more, alike, line } = quotedChange(fields[path]!.value, value)
    // A long value may change again past the part quoted (an address's postcode after its street).
    return `${name}${line === null ? '' : `, line ${line},`} from “${from}” to “${to}”${alike ?? ''}${more ? ', with more changed after it' : ''}`
  })
  return `Your edits go with it: ${new Intl.ListFormat('en-GB').format(parts)}. The case's own text above still quotes the proposal as sent.`
}
