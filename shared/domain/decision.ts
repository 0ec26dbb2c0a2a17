import { z } from 'zod'
import type { Case } from './case'
import type { TextChange } from './text-changes'

/** Every outcome a reviewer can record (PRODUCT.md). */
export const OUTCOMES = [
  'approve',
  'approve-with-edits',
  'reject',
  'choose-option',
  'reroute',
  'defer',
  'needs-info',
  /** Taking a colleague's case over: it becomes this reviewer's to decide. */
  'take-over',
  /** Undo: takes back an earlier decision that had not left this device. */
  'retract'
] as const
export const outcomeSchema = z.enum(OUTCOMES)
export type Outcome = z.infer<typeof outcomeSchema>

export const casePkSchema = z.number().int().positive()

/** The content hash of a copy of a case (`CaseDetail.contentHash`): hex SHA-256 of its JSON as cached. */
export const contentHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256')

/** What a reviewer can ask for; `approve` with edits is recorded as `approve-with-edits`. */
export const REQUESTABLE_OUTCOMES = ['approve', 'reject', 'choose-option', 'reroute', 'defer', 'needs-info', 'take-over'] as const

/**
 * The reviewer's new values of editable proposal parts, keyed by part path as `editableFields`
 * names them (e.g. `text`, `fields.total`): what a decision approves, and what a draft keeps.
 */
export const editedValuesSchema = z.record(z.string().min(1).max(200), z.string().max(1_000_000))

/**
 * What the renderer asks for. The main side derives everything else (edits as a structured diff,
 * the shown-content hash, timestamps, the chain link), so the renderer cannot forge them.
 */
export const decisionRequestSchema = z
  .object({
    casePk: casePkSchema,
    /** The case revision the reviewer was looking at; a newer stored revision is a conflict. */
    revision: z.number().int().positive(),
    /**
     * `CaseDetail.contentHash` of the case as shown (hex SHA-256): other content in the cache is
     * a conflict, whatever its revision. The renderer always sends it (the bridge requires it).
     */
    shownContentHash: contentHashSchema.optional(),
    outcome: z.enum(REQUESTABLE_OUTCOMES),
    optionId: z.string().min(1).max(100).optional(),
    reasonCode: z.string().min(1).max(100).optional(),
    note: z.string().max(5000).optional(),
    /** Who or which queue a rerouted case goes to. */
    rerouteTo: z.string().trim().min(1).max(200).optional(),
    /** Until when a deferred case stays out of the queue. */
    deferUntil: z.iso.datetime().optional(),
    /** New values of editable proposal fields, keyed by field path (e.g. `text`, `fields.total`). */
    editedValues: editedValuesSchema.optional(),
    openedAt: z.iso.datetime()
  })
  .refine((request) => request.outcome !== 'reject' || request.reasonCode !== undefined, {
    message: 'a rejection needs a reason code',
    path: ['reasonCode']
  })
  .refine((request) => request.outcome !== 'choose-option' || request.optionId !== undefined, {
    message: 'choosing an option needs the option id',
    path: ['optionId']
  })
  .refine((request) => request.outcome !== 'reroute' || request.rerouteTo !== undefined, {
    message: 'a reroute needs someone or a queue to go to',
    path: ['rerouteTo']
  })
  .refine((request) => request.outcome !== 'defer' || request.deferUntil !== undefined, {
    message: 'a deferral needs a time',
    path: ['deferUntil']
  })
  .refine((request) => request.outcome !== 'needs-info' || (request.note?.trim().length ?? 0) > 0, {
    message: 'say what information is needed',
    path: ['note']
  })
export type DecisionRequest = z.infer<typeof decisionRequestSchema>

/** A decision from the reviewer's screen: it must say which content was shown. */
export const shownDecisionRequestSchema = decisionRequestSchema.refine((request) => request.shownContentHash !== undefined, {
  message: 'say which content was shown (the case’s contentHash)',
  path: ['shownContentHash']
})

export interface FieldEdit {
  field: string
  old: string
  new: string
  /** For free text, the changed stretches, so the edit reads as a diff rather than two blobs. */
  ranges?: TextChange[]
}

export const DECISION_RECORD_SCHEMA = 'countersign.decision/1'

/**
 * The record of one decision: append-only, chained to the previous record on this device by
 * `prevHash`, and signed by the reviewer's key (the JWS covers its RFC 8785 canonical JSON).
 */
export interface DecisionRecord {
  schema: typeof DECISION_RECORD_SCHEMA
  id: string
  workspaceId: string
  caseId: string
  caseRevision: number
  kind: Case['kind']
  /** SHA-256 of the canonical JSON of exactly the case revision shown. */
  shownContentHash: string
  proposed: Case['proposal']
  outcome: Outcome
  /** The option chosen, for kinds that offer options. */
  optionId: string | null
  /** For a reroute: who or which queue it went to; for a deferral: until when. */
  rerouteTo: string | null
  deferUntil: string | null
  reasonCode: string | null
  note: string | null
  edits: FieldEdit[]
  /** The decision this record retracts (an undo or a correction), or null. */
  retracts: string | null
  reviewer: string
  /** The signing key (a JWK thumbprint) whose signature covers this record. */
  keyId: string
  openedAt: string
  decidedAt: string
  provenance: Case['provenance']
  appVersion: string
  /** Hash of the previous record on this device; null for the first. */
  prevHash: string | null
}

/** How long a decision waits in the outbox before it is sent: the window in which `u` undoes it. */
export const UNDO_GRACE_MS = 10_000
