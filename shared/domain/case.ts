import { z } from 'zod'
import { DECISION_KINDS } from './decision-kinds'

/**
 * The case: one thing an automation proposes and a human must decide.
 * These zod schemas are the single source of truth; the TypeScript types are inferred from them,
 * and the bundle format's JSON Schema is generated from them.
 */

export { DECISION_KINDS }
export const decisionKindSchema = z.enum(DECISION_KINDS)
export type DecisionKind = z.infer<typeof decisionKindSchema>

const isoDateTime = z.iso.datetime({ offset: true })

/**
 * Text that must say something: not empty and not only whitespace. It is kept exactly as sent
 * (never trimmed): what the reviewer sees, and what the hash and signature cover, is what arrived.
 */
const nonBlank = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => text.trim().length > 0, { message: 'must not be blank' })
const shortText = nonBlank(500)

export const versionedRefSchema = z.object({
  name: shortText,
  version: nonBlank(100)
})

/** Which workflow, policy, prompt and model produced the proposal. */
export const provenanceSchema = z.object({
  workflow: versionedRefSchema,
  policy: versionedRefSchema,
  prompt: versionedRefSchema.optional(),
  model: versionedRefSchema.optional()
})

/** The flags of a risk class that claims nothing: what `declared: false` comes with. */
const UNDECLARED_FLAGS = { reversible: true, audience: 'internal', touchesMoney: false, touchesAccess: false, touchesLegal: false } as const

/** What happens if the action is wrong: the essays' "action class". */
export const riskClassSchema = z
  .object({
    reversible: z.boolean(),
    audience: z.enum(['internal', 'customer', 'public']),
    touchesMoney: z.boolean(),
    touchesAccess: z.boolean(),
    touchesLegal: z.boolean(),
    /** Plain words for the part that cannot be undone, shown prominently when `reversible` is false. */
    irreversibleEffect: z.string().max(500).optional(),
    /**
     * False when whoever sent the case states no risk class for its action (a LangGraph thread
     * without `countersign_risk` metadata). The flags then claim nothing, so they must be those
     * of UNDECLARED_FLAGS, with no `irreversibleEffect`: a reader that predates the field shows
     * them as it showed any such case. The case says "Risk not declared" and approving it is
     * confirmed. Absent means declared.
     */
    declared: z.literal(false, { error: 'is false when the sender states no risk class; leave it out when the flags are declared' }).optional()
  })
  .superRefine((risk, context) => {
    if (risk.declared !== false) return
    for (const [flag, value] of Object.entries(UNDECLARED_FLAGS)) {
      if (risk[flag as keyof typeof UNDECLARED_FLAGS] !== value) {
        context.addIssue({ code: 'custom', path: [flag], message: `must be ${JSON.stringify(value)} with declared: false (an undeclared risk claims nothing); leave declared out to declare it` })
      }
    }
    if (risk.irreversibleEffect !== undefined) {
      context.addIssue({ code: 'custom', path: ['irreversibleEffect'], message: 'must be left out with declared: false (an undeclared risk claims nothing); leave declared out to declare it' })
    }
  })

/** The risk class of an action whose sender states none (`declared: false`). */
export const UNDECLARED_RISK = { ...UNDECLARED_FLAGS, declared: false } as const satisfies z.input<typeof riskClassSchema>

export const pauseReasonSchema = z.object({
  code: z.enum(['policy-rule', 'low-confidence', 'risk-class', 'exception']),
  /** The policy rule that fired, e.g. `REFUND-OVER-LIMIT`. */
  rule: z.string().max(200).optional(),
  detail: z.string().min(1).max(2000)
})

export const sourceDocumentSchema = z.object({
  title: shortText,
  text: z.string().max(1_000_000),
  language: z.enum(['plaintext', 'markdown', 'json']).default('plaintext')
})

/**
 * A range `[start, end)` of the source text in UTF-16 code units (JavaScript string indices, as
 * JSON strings count them): an emoji outside the Basic Multilingual Plane counts as two.
 */
export const textSpanSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((span) => span.end >= span.start, { message: 'span end must not be before its start' })

export const evidenceSchema = z.object({
  id: z.string().min(1).max(100),
  label: shortText,
  span: textSpanSchema.optional(),
  note: z.string().max(2000).optional()
})

/**
 * What choosing an option does, as its backend states it (case bundle v2, Review API 1.2); the
 * renderer asks for confirmation and marks what cannot be undone from these facts alone. When a
 * case does not state them (bundle v1, Review API 1.0/1.1), `optionEffect` in `option-effect.ts`
 * gives the documented default.
 */
export const optionEffectSchema = z.object({
  /** Choosing it lets the proposed action go through, as approving does; false: it stops, holds or hands on the proposal. */
  actsOnProposal: z.boolean(),
  /** The reviewer presses its key a second time before it is recorded. */
  needsConfirmation: z.boolean(),
  /** Once delivered it cannot be undone; the confirmation says so (an irreversible option is always confirmed). */
  irreversible: z.boolean()
})

export const optionSchema = z.object({
  id: z.string().min(1).max(100),
  label: shortText,
  recommended: z.boolean().default(false),
  description: z.string().max(2000).optional(),
  /** Taken with the approve key (`a`) or the reject key (`r`) rather than chosen by number alone. */
  via: z.enum(['approve', 'reject']).optional(),
  /** With `via: "approve"`: taken by `a` only once the proposal is edited (LangGraph's `edit`, where the tool allows no plain `accept`). */
  requiresEdit: z.boolean().optional(),
  effect: optionEffectSchema.optional()
})

export const scoredLabelSchema = z.object({
  label: shortText,
  score: z.number().min(0).max(1)
})

/** The automation's uncertainty: an input to the reviewer, never the decision. */
export const confidenceSchema = z.object({
  score: z.number().min(0).max(1),
  alternatives: z.array(scoredLabelSchema).max(50).default([]),
  note: z.string().max(2000).optional()
})

export const ownershipSchema = z.object({
  assignee: shortText,
  queue: z.string().max(200).optional(),
  createdAt: isoDateTime,
  dueAt: isoDateTime,
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  /** What happens if nobody acts, e.g. "Auto-rejects at the due time". */
  fallback: z.string().min(1).max(500)
})

export const reasonSchema = z.object({
  code: z.string().min(1).max(100),
  label: shortText
})

export const textApprovalProposalSchema = z.object({
  text: z.string().max(1_000_000),
  /** Where the text goes if approved, e.g. "Email to the customer". */
  destination: z.string().max(200).optional(),
  /** `json`: the text is a JSON document (an agent's tool arguments) and an edit must stay valid JSON. */
  format: z.enum(['text', 'json']).optional(),
  /** False when the automation accepts the text only as proposed (absent: editable). */
  editable: z.boolean().optional(),
  /** With `format: json`: a JSON Schema the edited document must meet (checked before a decision is recorded). */
  jsonSchema: z.record(z.string(), z.unknown()).optional()
})

export const classificationProposalSchema = z.object({
  label: shortText,
  score: z.number().min(0).max(1),
  alternatives: z.array(scoredLabelSchema).max(50)
})

export const extractedFieldSchema = z.object({
  name: z.string().min(1).max(100),
  label: shortText,
  value: z.string().max(10_000),
  evidenceId: z.string().max(100).optional(),
  confidence: z.number().min(0).max(1).optional()
})

export const fieldVerificationProposalSchema = z.object({
  fields: z.array(extractedFieldSchema).min(1).max(200)
})

export const mergeRecordSchema = z.object({
  id: z.string().min(1).max(200),
  label: shortText,
  system: z.string().max(200).optional(),
  fields: z.record(z.string(), z.string().max(10_000))
})

export const recordMergeProposalSchema = z.object({
  records: z.array(mergeRecordSchema).min(2).max(10),
  /** For each field, the id of the record whose value survives the merge. */
  survivors: z.record(z.string(), z.string())
})

export const exceptionProposalSchema = z.object({
  policyText: z.string().min(1).max(100_000),
  proposedRule: z.string().max(100_000),
  recommendation: z.enum(['one-off', 'rule', 'refuse'])
})

const caseFields = {
  id: nonBlank(200),
  revision: z.number().int().positive(),
  title: shortText,
  decisionNeeded: z.string().min(1).max(2000),
  /** The automation's own description of the request, as markdown; shown rendered, never as HTML. */
  briefing: z.string().max(20_000).optional(),
  pauseReason: pauseReasonSchema,
  source: sourceDocumentSchema,
  evidence: z.array(evidenceSchema).max(500).default([]),
  options: z.array(optionSchema).max(50).default([]),
  confidence: confidenceSchema.optional(),
  risk: riskClassSchema,
  ownership: ownershipSchema,
  provenance: provenanceSchema,
  /** Reject reasons the case or its backend supplies; the app falls back to a default list. */
  rejectReasons: z.array(reasonSchema).max(9).optional()
}

export const caseSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...caseFields, kind: z.literal('text-approval'), proposal: textApprovalProposalSchema }),
    z.object({ ...caseFields, kind: z.literal('classification'), proposal: classificationProposalSchema }),
    z.object({
      ...caseFields,
      kind: z.literal('field-verification'),
      proposal: fieldVerificationProposalSchema
    }),
    z.object({ ...caseFields, kind: z.literal('record-merge'), proposal: recordMergeProposalSchema }),
    z.object({ ...caseFields, kind: z.literal('exception'), proposal: exceptionProposalSchema })
  ])
  .superRefine((reviewCase, ctx) => {
    for (const fault of holdsSurrogate(reviewCase) ? loneSurrogates(reviewCase, []) : []) {
      ctx.addIssue({
        code: 'custom',
        path: fault.path,
        message:
          `${fault.where} holds a lone surrogate (U+${fault.codeUnit.toString(16).toUpperCase()}) at UTF-16 offset ${fault.offset}: ` +
          'not Unicode text (RFC 7493 §2.1), it cannot be stored or shown as sent'
      })
    }
    const source = reviewCase.source.text
    reviewCase.evidence.forEach((item, index) => {
      if (!item.span) return
      if (item.span.end > source.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['evidence', index, 'span', 'end'],
          message: `span of evidence "${item.id}" ends at ${item.span.end}, past the end of the source text (${source.length} UTF-16 code units)`
        })
        return
      }
      for (const end of ['start', 'end'] as const) {
        const split = splitCharacter(source, item.span[end])
        if (split) {
          ctx.addIssue({
            code: 'custom',
            path: ['evidence', index, 'span', end],
            message:
              `span of evidence "${item.id}" ${end === 'start' ? 'starts' : 'ends'} at ${item.span[end]}, between the two UTF-16 code units of ${split}; ` +
              `spans count UTF-16 code units, so it would be ${item.span[end] - 1} or ${item.span[end] + 1}`
          })
        }
      }
    })
    const optionIds = new Set<string>()
    reviewCase.options.forEach((option, index) => {
      if (optionIds.has(option.id)) {
        ctx.addIssue({ code: 'custom', path: ['options', index, 'id'], message: `duplicate option id "${option.id}"` })
      }
      optionIds.add(option.id)
      // `via` acts on a reply only (a number records its own option on the other kinds).
      const contradiction = reviewCase.kind === 'text-approval' ? viaContradiction(option) : null
      if (contradiction) ctx.addIssue({ code: 'custom', path: ['options', index, 'effect'], message: `option "${option.id}" ${contradiction}` })
    })
    // Edits name a field or a record by its name or id: two alike would make an edit of one an edit of both.
    const named = reviewCase.kind === 'field-verification' ? { what: 'field name', key: 'fields', names: reviewCase.proposal.fields.map((field) => field.name) } : reviewCase.kind === 'record-merge' ? { what: 'record id', key: 'records', names: reviewCase.proposal.records.map((record) => record.id) } : null
    named?.names.forEach((name, index) => {
      if (named.names.indexOf(name) !== index) ctx.addIssue({ code: 'custom', path: ['proposal', named.key, index], message: `duplicate ${named.what} "${name}"` })
    })
  })

/**
 * What an option's `effect` says that its `via` contradicts, or null: one taken with the reject
 * key records a rejection, which neither lets the proposal through, asks twice nor is final; one
 * taken with the approve key lets it through.
 */
function viaContradiction({ via, effect }: z.infer<typeof optionSchema>): string | null {
  if (!effect) return null
  if (via === 'reject' && (effect.actsOnProposal || effect.needsConfirmation || effect.irreversible)) {
    return 'is taken with the reject key (via "reject"), which records a rejection: its effect cannot act on the proposal, ask for confirmation or be irreversible'
  }
  if (via === 'approve' && !effect.actsOnProposal) return 'is taken with the approve key (via "approve"), which lets the proposal through: its effect must act on the proposal'
  return null
}

/** Any surrogate code unit, paired or not: most cases hold none, and are done with one scan per string. */
const SURROGATE = /[\uD800-\uDFFF]/
/** A high surrogate not followed by a low one, or a low one not after a high one (a JSON "\\ud800" escape). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

interface LoneSurrogate {
  path: PropertyKey[]
  /** `title`, or `the name of a member in proposal.fields` when the object key holds it. */
  where: string
  offset: number
  codeUnit: number
}

/** Whether any string or member name in `value` holds a surrogate code unit (the walk every case takes, allocating nothing). */
function holdsSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return SURROGATE.test(value)
  if (Array.isArray(value)) return value.some(holdsSurrogate)
  if (value === null || typeof value !== 'object') return false
  for (const key in value) {
    if (SURROGATE.test(key) || holdsSurrogate((value as Record<string, unknown>)[key])) return true
  }
  return false
}

/** Every string, and every object member name, in `value` that holds a lone surrogate (the first one of each). */
function* loneSurrogates(value: unknown, path: PropertyKey[]): Generator<LoneSurrogate> {
  if (typeof value === 'string') {
    const match = LONE_SURROGATE.exec(value)
    if (match) yield { path, where: path.join('.') || 'the case', offset: match.index, codeUnit: value.charCodeAt(match.index) }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* loneSurrogates(item, [...path, index])
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const match = LONE_SURROGATE.exec(key)
      if (match) yield { path, where: `the name of a member in ${path.join('.') || 'the case'}`, offset: match.index, codeUnit: key.charCodeAt(match.index) }
      yield* loneSurrogates(item, [...path, key])
    }
  }
}

/** The character a UTF-16 offset falls inside of (between its surrogate pair), e.g. `"💳" (U+1F4B3)`; null at a boundary. */
function splitCharacter(text: string, offset: number): string | null {
  if (offset <= 0 || offset >= text.length) return null
  const high = text.charCodeAt(offset - 1)
  const low = text.charCodeAt(offset)
  if (high < 0xd800 || high > 0xdbff || low < 0xdc00 || low > 0xdfff) return null
  const codePoint = text.codePointAt(offset - 1)!
  return `"${String.fromCodePoint(codePoint)}" (U+${codePoint.toString(16).toUpperCase()})`
}

export type Case = z.infer<typeof caseSchema>
export type CaseOfKind<K extends DecisionKind> = Extract<Case, { kind: K }>
export type RiskClass = z.infer<typeof riskClassSchema>
export type Evidence = z.infer<typeof evidenceSchema>
export type Reason = z.infer<typeof reasonSchema>
export type CaseOption = z.infer<typeof optionSchema>
export type OptionEffect = z.infer<typeof optionEffectSchema>
export type Priority = Case['ownership']['priority']
