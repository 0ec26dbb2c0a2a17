import { z } from 'zod'
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
