/** A request the review service refuses; the message is written for the reviewer. */
export class ReviewError extends Error {
  override name = 'ReviewError'
  constructor(
    readonly code: 'not-found' | 'already-decided' | 'revision-conflict' | 'invalid-edit' | 'invalid-reason',
    message: string
  ) {
    super(message)
  }
}
