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

/** How long a decision waits for the check's chunk before saying it could not be loaded, in ms. */
const LOAD_TIMEOUT_MS = 10_000

/**
 * Why the services would refuse these edits of `reviewCase` (field path to edited value), or null
 * when they would take them. Rejects when the check's chunk fails to load, or has not loaded
 * within LOAD_TIMEOUT_MS (a host that stopped answering): the decision then waits no longer.
 */
export async function editProblem(reviewCase: Case, edited: Record<string, string>): Promise<string | null> {
  const { fieldEdits } = fieldEditsModule.loaded() ?? (await loadWithin(LOAD_TIMEOUT_MS))
  try {
    fieldEdits(reviewCase, edited)
    return null
  } catch (error) {
    return (error as Error).message
  }
}

function loadWithin(ms: number): ReturnType<typeof fieldEditsModule.load> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`it did not arrive within ${ms / 1000} s`)), ms)))
  return Promise.race([fieldEditsModule.load(), late]).finally(() => clearTimeout(timer))
}
