import { z } from 'zod'
import { describeIssues } from '../domain/validation-message'
import { parseJson } from '../json/exact-json'
import { decodeText } from '../text/decode-text'
import { decisionEnvelopeSchema } from '../review-api/protocol'

/**
 * A decisions bundle: the decisions made on a bundle workspace, written to a file to carry back
 * to whoever issued the cases (the offline counterpart of POST /v1/decisions).
 */
export const DECISIONS_BUNDLE_FORMAT = 'countersign.decisions-bundle'

export const decisionsBundleSchema = z.object({
  format: z.literal(DECISIONS_BUNDLE_FORMAT),
  version: z.literal(1),
  exportedAt: z.iso.datetime({ offset: true }),
  workspace: z.object({ id: z.string(), name: z.string() }),
  decisions: z.array(decisionEnvelopeSchema)
})
export type DecisionsBundle = z.infer<typeof decisionsBundleSchema>

/**
 * Reads a decisions bundle from its file's bytes (UTF-8 with or without a byte-order mark, or
 * UTF-16 with one: `decodeText`) or text. Throws an Error saying what is wrong: the encoding or
 * byte offset, the JSON position, or the fields that do not match the format.
 */
export function readDecisionsBundle(content: string | Uint8Array): DecisionsBundle {
  let json: unknown
  try {
    json = parseJson(typeof content === 'string' ? content : decodeText(content))
  } catch (error) {
    throw new Error(`Not a readable decisions bundle: ${(error as Error).message}`, { cause: error })
  }
  const parsed = decisionsBundleSchema.safeParse(json, { reportInput: true })
  if (!parsed.success) throw new Error(`Not a valid decisions bundle: ${describeIssues(parsed.error)}`)
  return parsed.data
}
