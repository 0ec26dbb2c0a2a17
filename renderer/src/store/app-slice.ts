import type { StateCreator } from 'zustand'
import type { AppState } from './index'

export type Screen = 'review' | 'audit' | 'undelivered' | 'settings'

/** A question the reviewer answers with `y` (or `n` / Esc). */
export interface Confirmation {
  message: string
  confirmLabel: string
  onConfirm(): void | Promise<void>
}

export interface AppSlice {
  screen: Screen
  /** Selection in the list screens (settings' backends, undelivered decisions). */
  listIndex: number
  /** The backend form: a new backend, one being edited (its id), or closed. */
  backendForm: { mode: 'new' } | { mode: 'edit'; id: string } | null
  confirmation: Confirmation | null
  /** A passing message (an export finished); errors have their own place. */
  notice: string | null
  showNotice(message: string | null): void
  showScreen(screen: Screen): void
  moveListSelection(delta: number, length: number): void
  openBackendForm(form: AppSlice['backendForm']): void
  askToConfirm(confirmation: Confirmation): void
  answerConfirmation(yes: boolean): void
}

export const createAppSlice: StateCreator<AppState, [], [], AppSlice> = (set, get) => ({
  screen: 'review',
  listIndex: 0,
  backendForm: null,
  confirmation: null,
  notice: null,

  showNotice(notice) {
    set({ notice })
  },

  showScreen(screen) {
    set({ screen, listIndex: 0, backendForm: null, history: null })
    if (screen === 'settings') void Promise.all([get().loadBackends(), get().loadSigningKeys()])
    if (screen === 'undelivered') void get().loadUndelivered()
    if (screen === 'audit') void get().loadAudit()
  },

  moveListSelection(delta, length) {
    set({ listIndex: Math.max(0, Math.min(get().listIndex + delta, length - 1)) })
  },

  openBackendForm(backendForm) {
    set({ backendForm })
  },

  askToConfirm(confirmation) {
    set({ confirmation })
  },

  answerConfirmation(yes) {
    const { confirmation } = get()
    set({ confirmation: null })
    if (yes && confirmation) void Promise.resolve(confirmation.onConfirm()).catch((error: unknown) => get().showError(String(error)))
  }
})
