import type { Case, Reason } from './case'

// A module without zod, so that the renderer's outcome picker can list reasons without building
// every decision schema as the app starts.

/** The reasons a reviewer can give for a reject when the case brings none of its own. */
export const DEFAULT_REJECT_REASONS: readonly Reason[] = [
  { code: 'incorrect', label: 'Factually incorrect' },
  { code: 'policy', label: 'Violates policy' },
  { code: 'tone', label: 'Wrong tone or wording' },
  { code: 'incomplete', label: 'Missing information' },
  { code: 'wrong-case', label: 'Not the right action for this case' },
  { code: 'other', label: 'Other' }
]

/** The case's own reject reasons (`rejectReasons`), or DEFAULT_REJECT_REASONS when it has none. */
export function rejectReasonsFor(reviewCase: Case): readonly Reason[] {
  return reviewCase.rejectReasons?.length ? reviewCase.rejectReasons : DEFAULT_REJECT_REASONS
}
