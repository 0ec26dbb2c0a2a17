import { z } from 'zod'
import { caseSchema } from '../domain/case'
import { rerouteTargetListSchema } from '../domain/reroute-target'

/**
 * The case bundle: a versioned JSON file of cases for offline review (the demo workspace, a USB
 * stick). Documented in resources/bundle-format/README.md; the JSON Schema beside it is generated
 * from these schemas by `npm run schema:build`.
 */
export const BUNDLE_FORMAT = 'countersign.case-bundle'

/**
 * The version this app writes. Version 2 added what options do (`options[].effect`) and the
 * workspace's reroute targets (`rerouteTargets`); version 3, a risk nobody declared
 * (`risk.declared: false`). A reader of the version before would drop each silently and could
 * skip a confirmation, hence each new number.
 */
export const BUNDLE_VERSION = 3

/**
 * The versions this app reads. A version 1 bundle states no option effects (each option gets the
 * documented default, `optionEffect` in shared/domain/option-effect.ts) and lists no reroute
 * targets; versions 1 and 2 declare every case's risk.
 */
export const READABLE_BUNDLE_VERSIONS = [1, 2, 3] as const

export const bundleWorkspaceSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'use 1–100 lowercase letters, digits, dots, dashes or underscores'),
  name: z.string().min(1).max(200).refine((name) => name.trim().length > 0, { message: 'must not be blank' })
})

/**
 * The envelope is checked first; cases are then checked one by one so a bad case rejects only
 * itself. `rerouteTargets` is read from version 2 on (a version 1 bundle has none).
 */
export const bundleEnvelopeSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.union(READABLE_BUNDLE_VERSIONS.map((version) => z.literal(version))),
  generatedAt: z.iso.datetime({ offset: true }),
  workspace: bundleWorkspaceSchema,
  /** Who or which queues a case of this workspace may be rerouted to (version 2). */
  rerouteTargets: rerouteTargetListSchema.optional(),
  cases: z.array(z.unknown())
})

/** The whole bundle, as this app writes it, with every case checked: the shape the JSON Schema documents. */
export const bundleSchema = bundleEnvelopeSchema.extend({ version: z.literal(BUNDLE_VERSION), cases: z.array(caseSchema) })

export type BundleEnvelope = z.infer<typeof bundleEnvelopeSchema>
export type Bundle = z.infer<typeof bundleSchema>
