import { AppError } from '../ipc/errors'
import { parseJson } from '../json/exact-json'
import type { Case } from './case'
import type { FieldEdit } from './decision'
import { jsonSchemaProblems } from './json-schema-check'
import { editableFields } from './proposal-fields'
import { textChanges, withLineEndingsOf } from './text-changes'

/**
 * The reviewer's edits of a case, as a decision records them: one FieldEdit per editable field
 * whose value they changed (`editedValues`: field path to the edited value), a free-text field's
 * with the changed ranges. Line endings the editor rewrote are not edits. Throws AppError
 * 'invalid-edit', naming the field, for a field the case does not let be edited, a value outside
 * a field's choices, or a JSON field that is not valid JSON (RFC 8259, read exactly: exact-json.ts)
 * or does not meet the JSON Schema the automation sent with it. The services check every decision
 * with it; the window checks first, so a confirmation is never asked for an edit that would be refused.
 */
export function fieldEdits(reviewCase: Case, editedValues: Record<string, string> | undefined): FieldEdit[] {
  if (!editedValues) return []
  const fields = editableFields(reviewCase)
  const edits: FieldEdit[] = []
  for (const [path, value] of Object.entries(editedValues)) {
    const field = fields[path]
    if (!field) throw new AppError('invalid-edit', `The field "${path}" of a ${reviewCase.kind} case cannot be edited.`)
    if (field.allowed && !field.allowed.includes(value)) {
      throw new AppError('invalid-edit', `"${value}" is not one of the choices for ${path} (${field.allowed.join(', ')}).`)
    }
    const edited = field.freeText ? withLineEndingsOf(field.value, value) : value
    if (edited === field.value) continue
    if (field.json) checkJson(path, edited, field.jsonSchema)
    edits.push(field.freeText ? { field: path, old: field.value, new: edited, ranges: textChanges(field.value, edited) } : { field: path, old: field.value, new: edited })
  }
  return edits
}

function checkJson(path: string, value: string, schema: Record<string, unknown> | undefined): void {
  let json: unknown
  try {
    json = parseJson(value)
  } catch (error) {
    throw new AppError('invalid-edit', `The edited ${path} is not valid JSON (${(error as Error).message}); fix it before approving.`)
  }
  const problems = schema && jsonSchemaProblems(json, schema)
  // The field first: the status bar shows the start of the message.
  if (problems) throw new AppError('invalid-edit', `${problems} (the edited ${path} must meet the schema the automation sent).`)
}
