import type { Case } from '../../../shared/domain/case'
import { lazyModule } from '../../../shared/lazy-module'

/**
 * The services' edit check (shared/domain/field-edits.ts), in a chunk of its own: it brings zod's
 * JSON Schema reader, which the first screen does without. Loaded when the reviewer first edits
 * (`preloadEditCheck`), so it is there by the time they decide.
 */
const fieldEditsModule = lazyModule(() => import('../../../shared/domain/field-edits'))

export function preloadEditCheck(): void {
  void fieldEditsModule.load().catch(() => undefined)
}

/** Why the services would refuse these edits of `reviewCase` (field path to edited value), or null when they would take them. */
export async function editProblem(reviewCase: Case, edited: Record<string, string>): Promise<string | null> {
  const { fieldEdits } = fieldEditsModule.loaded() ?? (await fieldEditsModule.load())
  try {
    fieldEdits(reviewCase, edited)
    return null
  } catch (error) {
    return (error as Error).message
  }
}
