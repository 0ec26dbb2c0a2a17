import { casePageSchema } from '../../../../shared/review-api/protocol'
import { decodeBody, parseAnswerNoting, type JsonRequest } from '../../backends/http-json'
import { storableChanges, validateChanges, type IngestChange } from './prepare-case'

/** A page of the change feed with every case validated and ready to store (`storableChanges`). */
export interface PreparedPage {
  changes: Exclude<IngestChange, { type: 'case' }>[]
  nextCursor: string
  hasMore: boolean
}

/**
 * A Review API change-feed page (`GET /v1/cases`) from its body as received: decoded, parsed
 * (`parseJson`: numbers exact, duplicate member names refused), checked against `casePageSchema`,
 * and each case validated and made storable (its JSON as UTF-8 bytes in `buffer`, hashed). Throws
 * a BackendError ('protocol') naming the backend and the request (`what`) when the page is not
 * JSON or not a page; a case that fails validation is a `rejected-case` in its place. `step`, if
 * given, is called before the parse and before each case (a worker pausing for the reviewer's
 * keystrokes, `ReviewerActivity.steps`).
 */
export function preparePage(bytes: Uint8Array, request: Pick<JsonRequest, 'backendName' | 'what'>, step?: () => void): { page: PreparedPage; buffer: ArrayBuffer } {
  step?.()
  const { value: page, mayHoldExactNumbers } = parseAnswerNoting(decodeBody(bytes), request, casePageSchema)
  const { changes, buffer } = storableChanges(validateChanges(page.changes, 0, step, { mayHoldExactNumbers }))
  return { page: { changes, nextCursor: page.nextCursor, hasMore: page.hasMore }, buffer }
}
