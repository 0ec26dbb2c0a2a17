import { z } from 'zod'
import { casePkSchema } from '../domain/decision'
import { queueFilterSchema } from '../domain/queue-view'

/** A claim on a pending case, as the queue and the case view show it. */
export interface HoldView {
  casePk: number
  /** Who holds it, as the backend names them. */
  holder: string
  /** This reviewer holds it: while viewing, or checked out for field work. */
  mine: boolean
  purpose: 'colleague' | 'viewing' | 'checkout'
  /** ISO 8601. */
  expiresAt: string
}

/** The most cases one checkout takes. */
export const CHECKOUT_MAX = 5000

/**
 * "Take these cases with me": the pending cases matching the queue's current `filter`, or the
 * cases selected (`casePks`), held until `until` (ISO 8601, at least a minute ahead).
 */
export const checkoutRequestSchema = z
  .object({
    filter: queueFilterSchema.optional(),
    casePks: z.array(casePkSchema).min(1).max(CHECKOUT_MAX).optional(),
    until: z.iso.datetime({ offset: true })
  })
  .refine((request) => (request.filter === undefined) !== (request.casePks === undefined), 'Give either a filter or the selected cases, not both.')
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>

export interface CheckoutReport {
  /** Cases now held for this reviewer, and until when (the earliest end, ISO 8601; the service may grant less than asked). */
  held: number
  heldUntil: string | null
  /** Cases a colleague holds: not taken. */
  heldByOthers: { caseId: string; holder: string }[]
  /** Cases whose backend cannot hold them (a bundle, a LangGraph server), or that it no longer has. */
  notHeld: number
}
