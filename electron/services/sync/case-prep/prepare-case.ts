import { caseSchema } from '../../../../shared/domain/case'
import { stringifyJson } from '../../../../shared/json/exact-json'
import { describeIssues } from '../../../../shared/domain/validation-message'
import type { CaseChange } from '../../../../shared/review-api/protocol'
import type { CaseSummary } from '../../db/repositories/cases-repository'
import { sha256Hex } from '../../hashing'

/**
 * A case from a change feed or bundle, validated and ready to store: the columns the cache
 * indexes (`summary`), its JSON as stored (`body`) and the SHA-256 of that JSON's UTF-8 bytes
 * (`contentHash`). From a worker thread `body` comes as those UTF-8 bytes, a view into one buffer
 * per page that is moved, not copied, so the services' thread never builds (or collects) the
 * page's strings.
 */
export interface PreparedCase {
  type: 'prepared-case'
  summary: CaseSummary
  body: string | Uint8Array
  contentHash: string
}

/** A case that failed validation: `message` names it (id and position) and the fields at fault. */
export interface RejectedCase {
  type: 'rejected-case'
  caseId: string | null
  message: string
}

/** A change as ingest takes it: a raw case still to validate, a case prepared (maybe in a worker), or any other change. */
export type IngestChange = CaseChange | PreparedCase | RejectedCase

/**
 * A valid case before its JSON is hashed: `prepareCase` hashes the string; a worker thread hashes
 * the UTF-8 bytes it sends instead (`storableCases`), which is the same SHA-256.
 */
export type ValidatedCase = Omit<PreparedCase, 'body' | 'contentHash'> & { body: string }

/** How a raw case is validated: see `validateCase`. */
export interface CaseValidation {
  /** Replaces the case's own revision (a backend whose revisions the cache numbers). */
  cacheRevision?: number
  /**
   * False when the JSON the case was parsed from held no number a double would change
   * (`parseJsonNoting`): its JSON is then written without looking for one. Default true.
   */
  mayHoldExactNumbers?: boolean
}

/**
 * Validates a raw case (`caseSchema`); `index` is its position in its page or bundle, for the
 * message of a case that fails. The JSON to store is the validated case written by
 * `stringifyJson` (the schema fixes the key order; a number kept exact by `parseJson` keeps its
 * digits): canonical JSON is only needed for the one case a decision is made on, and costs a
 * third of the ingest when done for every case.
 */
export function validateCase(raw: unknown, index: number, { cacheRevision, mayHoldExactNumbers = true }: CaseValidation = {}): ValidatedCase | RejectedCase {
  const parsed = caseSchema.safeParse(raw, { reportInput: true })
  if (!parsed.success) {
    const caseId = rawCaseId(raw)
    return { type: 'rejected-case', caseId, message: `${caseLabel(index, caseId)}: ${describeIssues(parsed.error)}` }
  }
  const reviewCase = cacheRevision === undefined ? parsed.data : { ...parsed.data, revision: cacheRevision }
  const { id, revision, kind, title, risk, ownership } = reviewCase
  const summary: CaseSummary = { id, revision, kind, title, risk, ownership: { dueAt: ownership.dueAt, createdAt: ownership.createdAt, priority: ownership.priority } }
  return { type: 'prepared-case', summary, body: stringifyJson(reviewCase, undefined, { mayHoldExactNumbers }) }
}

/** A raw case validated (`validateCase`) and ready to store, its JSON hashed. */
export function prepareCase(raw: unknown, index: number, validation?: CaseValidation): PreparedCase | RejectedCase {
  const validated = validateCase(raw, index, validation)
  return validated.type === 'rejected-case' ? validated : { ...validated, contentHash: sha256Hex(validated.body) }
}

/**
 * Every raw case of `changes` validated (`validateCase`), the other changes as they are; `firstIndex`
 * is the position of `changes[0]`; `step`, if given, is called before each raw case (a worker
 * pausing for the reviewer's keystrokes, `ReviewerActivity.steps`); `validation` applies to each.
 */
export function validateChanges(changes: readonly CaseChange[], firstIndex = 0, step?: () => void, validation?: CaseValidation): ValidatedChange[] {
  return changes.map((change, position) => {
    if (change.type !== 'case') return change
    step?.()
    return validateCase(change.case, firstIndex + position, validation)
  })
}

/** A change as a worker thread has it before hashing: a case validated or rejected, or any other change. */
export type ValidatedChange = Exclude<IngestChange, { type: 'case' | 'prepared-case' }> | ValidatedCase

/**
 * Changes made ready to send from a worker thread: each validated case's JSON becomes its UTF-8
 * bytes, all in one new buffer (returned, to be moved with the answer: one transfer instead of a
 * string per case to copy), and is hashed as those bytes. Changes that are not cases are kept.
 */
export function storableChanges(changes: readonly ValidatedChange[]): { changes: Exclude<IngestChange, { type: 'case' }>[]; buffer: ArrayBuffer } {
  let length = 0
  for (const change of changes) if (change.type === 'prepared-case') length += Buffer.byteLength(change.body)
  const bytes = new Uint8Array(length)
  const encoder = new TextEncoder()
  let at = 0
  const storable = changes.map((change) => {
    if (change.type !== 'prepared-case') return change
    const { written } = encoder.encodeInto(change.body, bytes.subarray(at))
    const body = bytes.subarray(at, at + written)
    at += written
    return { ...change, body, contentHash: sha256Hex(body) }
  })
  return { changes: storable, buffer: bytes.buffer }
}

/** The id of the case a change is about ('' for a raw case without one). */
export function changedCaseId(change: IngestChange): string {
  switch (change.type) {
    case 'prepared-case':
      return change.summary.id
    case 'rejected-case':
      return change.caseId ?? ''
    case 'case':
      return rawCaseId(change.case) ?? ''
    default:
      return change.caseId
  }
}

export function rawCaseId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : null
}

export function caseLabel(index: number, caseId: string | null): string {
  return caseId === null ? `case #${index + 1} (no id)` : `case "${caseId}" (#${index + 1})`
}
