import { z } from 'zod'
import { caseSchema } from '../domain/case'

/**
 * The case bundle: a versioned JSON file of cases for offline review (the demo workspace, a USB
 * stick). Documented in resources/bundle-format/README.md; the JSON Schema beside it is generated
 * from these schemas by `npm run schema:build`.
 */
export const BUNDLE_FORMAT = 'countersign.case-bundle'
export const BUNDLE_VERSION = 1

export const bundleWorkspaceSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'use 1–100 lowercase letters, digits, dots, dashes or underscores'),
  name: z.string().min(1).max(200).refine((name) => name.trim().length > 0, { message: 'must not be blank' })
})

/** The envelope is checked first; cases are then checked one by one so a bad case rejects only itself. */
export const bundleEnvelopeSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  generatedAt: z.iso.datetime({ offset: true }),
  workspace: bundleWorkspaceSchema,
  cases: z.array(z.unknown())
})

/** The whole bundle with every case checked: the shape the JSON Schema documents. */
export const bundleSchema = bundleEnvelopeSchema.extend({ cases: z.array(caseSchema) })

export type BundleEnvelope = z.infer<typeof bundleEnvelopeSchema>
export type Bundle = z.infer<typeof bundleSchema>
