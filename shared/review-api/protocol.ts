import { z } from 'zod'
import { rerouteTargetListSchema } from '../domain/reroute-target'

/**
 * The Review API, version 1: the HTTP+JSON protocol between Countersign and a case service.
 * Documented for backend teams in resources/review-api/README.md; the JSON Schemas beside it are
 * generated from these zod schemas. Objects ignore fields they do not know (forward compatible).
 */
export const REVIEW_API_BASE_PATH = '/v1'

/**
 * The revision of v1 this client speaks. 1.1 added claims for field work: lease times up to a
 * maximum the service sets (advertised in /v1/health), batch claim and release, and lease changes
 * in the change feed for clients that ask (`include=leases`). 1.2 added what each case option does
 * (`options[].effect` in the case) and the reroute targets (`GET /v1/reroute-targets`); 1.3, a
 * case's risk that nobody declared (`risk.declared: false`, as in case bundle version 3). Every
 * addition is optional for both sides: an older service ignores what it does not know (and answers
 * 404 to an endpoint it lacks), and an older client never asks for it.
 */
export const REVIEW_API_REVISION = '1.3'

/** One entry of the assigned-cases change feed. Cases are validated separately, one by one. */
export const caseChangeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('case'),
    /** A new case, or a new revision of one: a full case object (see the case bundle format). */
    case: z.unknown()
  }),
  z.object({
    type: z.literal('withdrawn'),
    caseId: z.string().min(1).max(200),
    reason: z.string().max(500).optional()
  }),
  z.object({
    type: z.literal('reassigned'),
    caseId: z.string().min(1).max(200),
    /** Who has it now, when the service may say. */
    assignee: z.string().max(200).optional()
  }),
  /**
   * (1.1, only with `include=leases`) Someone claimed or released a case this reviewer can see.
   * `holder` and `expiresAt` are null when the claim was released; `yours` says the holder is the
   * reviewer asking. A lease that reaches `expiresAt` ends without a change.
   */
  z.object({
    type: z.literal('lease'),
    caseId: z.string().min(1).max(200),
    holder: z.string().max(200).nullable(),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    yours: z.boolean()
  })
])
export type CaseChange = z.infer<typeof caseChangeSchema>

/** `GET /v1/cases?cursor=&limit=`: the changes to this reviewer's assigned cases after `cursor`. */
export const casePageSchema = z.object({
  changes: z.array(caseChangeSchema),
  /** Opaque to the client, except that it must never go backwards (the client checks). */
  nextCursor: z.string().min(1).max(200),
  hasMore: z.boolean()
})
export type CasePage = z.infer<typeof casePageSchema>

/** `GET /v1/cases/{id}`: one open case, whoever holds it (to take it over). */
export const caseLookupSchema = z.object({ case: z.unknown(), assignee: z.string() })

/** The longest lease a client may ask for; a service grants at most its own `maxLeaseSeconds`. */
export const LEASE_SECONDS_LIMIT = 30 * 86_400

/**
 * `POST /v1/cases/{id}/lease`: claim a case for a while so nobody else works on it. In 1.0 the
 * limit was 86,400 s; from 1.1 a request may ask for up to 30 days and the service grants at
 * most its `maxLeaseSeconds` (the answer's `expiresAt` says what was granted).
 */
export const leaseRequestSchema = z.object({ ttlSeconds: z.number().int().min(10).max(LEASE_SECONDS_LIMIT) })
export const leaseSchema = z.object({
  caseId: z.string(),
  leaseId: z.string(),
  holder: z.string(),
  expiresAt: z.iso.datetime({ offset: true })
})
export type Lease = z.infer<typeof leaseSchema>

/** A `409` to a claim is a problem document with who holds the case and until when (1.1). */
export const leaseHeldProblemSchema = z.object({
  status: z.literal(409),
  holder: z.string().max(200),
  expiresAt: z.iso.datetime({ offset: true })
})

/** The most case ids one batch claim or release may name. */
export const LEASE_BATCH_MAX = 500

/** (1.1) `POST /v1/leases`: claim many cases at once, each on its own. */
export const leaseBatchRequestSchema = z.object({
  caseIds: z.array(z.string().min(1).max(200)).min(1).max(LEASE_BATCH_MAX),
  ttlSeconds: z.number().int().min(10).max(LEASE_SECONDS_LIMIT)
})
export const leaseBatchResultSchema = z.discriminatedUnion('status', [
  z.object({ caseId: z.string(), status: z.literal('held'), leaseId: z.string(), holder: z.string(), expiresAt: z.iso.datetime({ offset: true }) }),
  /** Someone else holds it: who, and until when. */
  z.object({ caseId: z.string(), status: z.literal('conflict'), holder: z.string(), expiresAt: z.iso.datetime({ offset: true }) }),
  /** No open case with this id that the reviewer may see. */
  z.object({ caseId: z.string(), status: z.literal('not-found') })
])
export type LeaseBatchResult = z.infer<typeof leaseBatchResultSchema>
export const leaseBatchResponseSchema = z.object({ results: z.array(leaseBatchResultSchema) })

/** (1.1) `POST /v1/leases/release`: release many of the reviewer's own leases at once. */
export const leaseReleaseRequestSchema = z.object({ caseIds: z.array(z.string().min(1).max(200)).min(1).max(LEASE_BATCH_MAX) })
/** The ids whose lease this reviewer held and no longer does; others are left as they were. */
export const leaseReleaseResponseSchema = z.object({ released: z.array(z.string()) })

/**
 * A decision as it travels: its id (the idempotency key), and the record, signed.
 * `jws` is a JWS in compact serialization whose payload is the RFC 8785 canonical JSON of the
 * decision record; until a reviewer key exists it may be absent and `record` carries the record.
 */
export const decisionEnvelopeSchema = z.object({
  id: z.uuid(),
  caseId: z.string().min(1).max(200),
  caseRevision: z.number().int().positive(),
  record: z.record(z.string(), z.unknown()),
  jws: z.string().max(10_000_000).optional()
})
export type DecisionEnvelope = z.infer<typeof decisionEnvelopeSchema>

/** `POST /v1/decisions`: a batch of decisions, applied one by one, idempotent by decision id. */
export const pushRequestSchema = z.object({ decisions: z.array(decisionEnvelopeSchema).min(1).max(500) })

export const CONFLICT_REASONS = ['withdrawn', 'reassigned', 'revised', 'already-decided'] as const
export const conflictReasonSchema = z.enum(CONFLICT_REASONS)
export type ConflictReason = z.infer<typeof conflictReasonSchema>

export const pushItemResultSchema = z.discriminatedUnion('status', [
  z.object({ decisionId: z.string(), status: z.literal('accepted') }),
  /** The same decision (same id, same content) arrived before; nothing changed. */
  z.object({ decisionId: z.string(), status: z.literal('duplicate') }),
  /** The case changed since the reviewer saw it; the decision was not applied. */
  z.object({ decisionId: z.string(), status: z.literal('conflict'), reason: conflictReasonSchema, detail: z.string().max(2000).optional() }),
  /** The decision itself is unacceptable (bad signature, unknown key, reused id…). */
  z.object({ decisionId: z.string(), status: z.literal('rejected'), code: z.string().max(100), detail: z.string().max(2000).optional() })
])
export type PushItemResult = z.infer<typeof pushItemResultSchema>

export const pushResponseSchema = z.object({ results: z.array(pushItemResultSchema) })

/**
 * (1.2) `GET /v1/reroute-targets`: who, or which queues, this reviewer may reroute a case to; at
 * most nine, each id once. A decision's `rerouteTo` is one of these ids.
 */
export const rerouteTargetsResponseSchema = z.object({ targets: rerouteTargetListSchema })

/** `PUT /v1/reviewer/keys/{kid}`: the reviewer's public signing key, as a JWK. */
export const publicKeySchema = z.object({
  kid: z.string().min(1).max(200),
  jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(1).max(100) })
})

/** `GET /v1/health` */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  service: z.string().max(200).optional(),
  reviewer: z.string().max(200).optional(),
  /** (1.1) The protocol revision the service speaks, e.g. "1.3"; absent means "1.0". */
  revision: z.string().max(20).optional(),
  /** (1.1) The longest lease the service grants, in seconds. */
  maxLeaseSeconds: z.number().int().positive().optional()
})

/** Errors are RFC 9457 problem details (`application/problem+json`). */
export const problemSchema = z.object({
  type: z.string().default('about:blank'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional()
})
export type Problem = z.infer<typeof problemSchema>
