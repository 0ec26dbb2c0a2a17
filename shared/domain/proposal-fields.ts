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

export function editableFields(reviewCase: Case): Record<string, EditableField> {
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
