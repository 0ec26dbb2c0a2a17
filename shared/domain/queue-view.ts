import { z } from 'zod'
import { DECISION_KINDS } from './case'

/** How the queue is ordered and narrowed (all by keyboard, see `f`). */
export const QUEUE_SORTS = ['due', 'risk', 'priority'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

export const queueFilterSchema = z.object({
  /** Matches the title or the case id, anywhere, ignoring case. */
  text: z.string().max(200).optional(),
  kind: z.enum(DECISION_KINDS).optional(),
  workspaceId: z.string().max(100).optional(),
  overdue: z.boolean().optional(),
  irreversible: z.boolean().optional(),
  money: z.boolean().optional(),
  /** Only cases a colleague holds (a claim on a shared case); by default they stay in the list but `j`/`k` pass them. */
  held: z.boolean().optional(),
  sort: z.enum(QUEUE_SORTS).optional()
})
export type QueueFilter = z.infer<typeof queueFilterSchema>
