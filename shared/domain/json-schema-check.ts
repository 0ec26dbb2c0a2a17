import { z } from 'zod'
import { holdsExactNumber, stringifyJson } from '../json/exact-json'
import { describeIssues } from './validation-message'

/**
 * Checks a JSON value against a JSON Schema an automation sent with its proposal (e.g. the
 * argument schema of a LangChain HITL interrupt). The schema is read by zod's `fromJSONSchema`
 * (drafts 4 to 2020-12, the keywords zod can express). Returns null when the value meets it, or
 * one line per problem naming the field by its path (`subject: Too big: …`). A schema zod cannot
 * read is reported as such rather than passing every value.
 */
export function jsonSchemaProblems(value: unknown, schema: Record<string, unknown>): string | null {
  let validator: z.ZodType
  try {
    validator = z.fromJSONSchema(withDoubles(schema) as Parameters<typeof z.fromJSONSchema>[0])
  } catch (error) {
    return `the schema it must meet cannot be read (${(error as Error).message})`
  }
  const parsed = validator.safeParse(withDoubles(value))
  return parsed.success ? null : describeIssues(parsed.error)
}

/**
 * `value` with each number `parseJson` kept exact (a `LosslessNumber`) as the nearest double, for
 * the check only (what is stored and signed keeps its digits): zod reads numbers, and would drop a
 * bound it cannot read (`maximum: 1e40…0`) or call an exact number in the value an object.
 */
function withDoubles(value: unknown): unknown {
  if (!holdsExactNumber(value)) return value
  return JSON.parse(stringifyJson(value)) as unknown
}
