import { asAppError, type ErrorCode } from '../../../shared/ipc/errors'
import type { AppState } from './index'
import type { SliceCreator } from './slice'

/** What the status bar says went wrong: the one place a failure reaches the reviewer. */
export interface StatusSlice {
  /** Shown in the status bar until Esc, or until the next decision is recorded. */
  error: string | null
  /** A refusal the renderer itself makes (a key too early, a case not yet seen). */
  showError(message: string): void
  /** Whether `error` is such a refusal of a press, rather than a failed call. */
  errorIsRefusal: boolean
  /**
   * A press was accepted (a picker or a confirmation prompt opened for it): an earlier press's
   * refusal ("Not decided: …") no longer applies and leaves the status bar; a failure stays.
   */
  pressAccepted(): void
  /**
   * A failed bridge call: the status bar says what was being done and why it failed
   * (`Could not load the queue: There is no …`). Returns the failure's code, for callers that
   * also act on it (reload a case that changed, a list that moved on).
   */
  showFailure(doing: string, error: unknown): ErrorCode
  dismissError(): void
  /**
   * Problem banners (`summary.problems`) the reviewer has hidden with Esc: hidden until the app
   * restarts. A reload is not a restart: they are kept in the window's session storage, which
   * lasts as long as the window (Electron) or this launch's own origin (the web host's name is
   * new at every launch).
   */
  hiddenProblems: ReadonlySet<string>
  hideProblems(problems: readonly string[]): void
}

/** Where the hidden banners are remembered for this launch (session storage, a JSON array of their texts). */
const HIDDEN_PROBLEMS_KEY = 'countersign.hiddenProblems'

/** The window's session storage; none in Node, where the store's unit tests run. */
function sessionStore(): Storage | undefined {
  return typeof sessionStorage === 'undefined' ? undefined : sessionStorage
}

/** The banners hidden earlier in this launch; none where there is no session storage or it holds something else. */
function readHiddenProblems(): ReadonlySet<string> {
  try {
    const stored: unknown = JSON.parse(sessionStore()?.getItem(HIDDEN_PROBLEMS_KEY) ?? '[]')
    return new Set(Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [])
  } catch {
    return new Set()
  }
}

/** The status bar's words for a failure: what was being done, then the failure's own message (written for the reviewer). */
export function failureText(doing: string, error: unknown): string {
  return `${doing}: ${asAppError(error).message}`
}

/**
 * Runs `work` (bridge calls and what follows them); if it fails, the status bar says `doing: why`
 * and the promise resolves, so no failed load goes unseen and none is an unhandled rejection.
 */
export function showingFailure(get: () => AppState, doing: string, work: () => Promise<unknown>): Promise<void> {
  return work().then(
    () => undefined,
    (error: unknown) => void get().showFailure(doing, error)
  )
}

export const createStatusSlice: SliceCreator<StatusSlice> = (set, get) => ({
  error: null,
  errorIsRefusal: false,
  hiddenProblems: readHiddenProblems(),

  showError(message) {
    set({ error: message, errorIsRefusal: true })
  },

  pressAccepted() {
    if (get().errorIsRefusal) set({ error: null, errorIsRefusal: false })
  },

  showFailure(doing, error) {
    const failure = asAppError(error)
    set({ error: failureText(doing, failure), errorIsRefusal: false })
    return failure.code
  },

  dismissError() {
    set({ error: null, errorIsRefusal: false })
  },

  hideProblems(problems) {
    const hiddenProblems = new Set([...get().hiddenProblems, ...problems])
    set({ hiddenProblems })
    sessionStore()?.setItem(HIDDEN_PROBLEMS_KEY, JSON.stringify([...hiddenProblems]))
  }
})
