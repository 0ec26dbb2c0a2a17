import type { Migration } from './migration'

/**
 * Why a backend took a case out of the queue, as it said it (the Review API's `withdrawn.reason`,
 * a LangGraph thread's state; for a reassignment, who has it now), so the notice on a case that
 * leaves under the reviewer can say why. NULL when the backend did not say, and once the case
 * returns.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'case-end-reason',
  up: `ALTER TABLE cases ADD COLUMN end_reason TEXT;`
}
