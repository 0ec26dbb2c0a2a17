import { z } from 'zod'

/** The most reroute targets a backend may list: the picker gives each a number key, 1–9. */
export const REROUTE_TARGETS_MAX = 9

/**
 * Someone, or a queue, a backend accepts a rerouted case for. `id` is what the decision record
 * carries as `rerouteTo` and the backend reads; `label` is what the reviewer sees.
 */
export const rerouteTargetSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .refine((id) => id.trim() === id && id.length > 0, { message: 'must not be blank or start or end with spaces' }),
  label: z
    .string()
    .min(1)
    .max(200)
    .refine((label) => label.trim().length > 0, { message: 'must not be blank' }),
  description: z.string().max(500).optional()
})
export type RerouteTarget = z.infer<typeof rerouteTargetSchema>

/** A backend's list: at most nine targets, each id once. */
export const rerouteTargetListSchema = z
  .array(rerouteTargetSchema)
  .max(REROUTE_TARGETS_MAX)
  .superRefine((targets, ctx) => {
    const seen = new Set<string>()
    targets.forEach((target, index) => {
      if (seen.has(target.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate reroute target id "${target.id}"` })
      seen.add(target.id)
    })
  })

/**
 * A workspace's reroute targets as last synced (cached for offline review). `unlisted` says why
 * there is no list at all — the backend cannot give one (a Review API service older than 1.2), or
 * none is configured (LangGraph) — in words for the reviewer; null when the backend gave its list,
 * which may be empty.
 */
export interface RerouteTargets {
  targets: RerouteTarget[]
  unlisted: string | null
}
