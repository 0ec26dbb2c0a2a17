import { COMMAND_SPECS, type Keymap, type Screen } from '../../../shared/commands'
import { bridge } from '../api/bridge'
import { showingFailure } from './status-slice'
import type { SliceCreator } from './slice'

export type { Screen }

/** A question the reviewer answers with `y` (or `n` / Esc). */
export interface Confirmation {
  message: string
  confirmLabel: string
  onConfirm(): void | Promise<void>
}

export type Overlay = 'palette' | 'cheat-sheet' | 'filter' | 'queue-view' | 'checkout' | null

export interface AppSlice {
  screen: Screen
  /** Selection in the list screens (settings' backends, undelivered decisions, audit, keymap). */
  listIndex: number
  /** The backend form: a new backend, one being edited (its id), or closed. */
  backendForm: { mode: 'new' } | { mode: 'edit'; id: string } | null
  confirmation: Confirmation | null
  /** A passing message (an export finished); errors have their own place. */
  notice: string | null
  /** The case the notice is about, if it is about one: it ends once another case, or another revision of it, is on screen (`caseShown`). */
  noticeCase: number | null
  overlay: Overlay
  /** One case at a time, full width. */
  triage: boolean
  keymap: Keymap
  /** The keymap editor waits for the new keys of this command. */
  capturingKeysFor: string | null
  /** The OS says a screen reader runs (only Electron can ask; see the 'screen-reader' app event). */
  screenReader: boolean
  /**
   * Focus is where keys go to text, not to the screen (a form's field, a note, the palette's
   * query, an extracted field, the proposal): the status bar offers no screen key then.
   */
  textFocus: boolean
  /** Shows `message` in the status bar (null: none), about case `aboutCase` if given (see `noticeCase`). */
  showNotice(message: string | null, aboutCase?: number): void
  showScreen(screen: Screen): void
  moveListSelection(delta: number, length: number): void
  selectListItem(index: number): void
  openBackendForm(form: AppSlice['backendForm']): void
  askToConfirm(confirmation: Confirmation): void
  answerConfirmation(yes: boolean): void
  setOverlay(overlay: Overlay): void
  toggleTriage(): void
  loadKeymap(): Promise<void>
  captureKeysFor(id: string | null): void
  bindKey(id: string, keys: string): Promise<void>
  resetKeymap(): Promise<void>
  setScreenReader(active: boolean): void
  setTextFocus(textFocus: boolean): void
}

export const createAppSlice: SliceCreator<AppSlice> = (set, get) => ({
  screen: 'review',
  listIndex: 0,
  backendForm: null,
  confirmation: null,
  notice: null,
  noticeCase: null,
  overlay: null,
  triage: false,
  keymap: {},
  capturingKeysFor: null,
  screenReader: false,
  textFocus: false,

  showNotice(notice, aboutCase) {
    set({ notice, noticeCase: aboutCase ?? null })
    // The newest message wins: a failure that came before this success is over.
    if (notice !== null) get().dismissError()
  },

  showScreen(screen) {
    set({ screen, listIndex: 0, backendForm: null, overlay: null, capturingKeysFor: null })
    get().closeHistory()
    // A refused key ("came 47 ms after the case appeared") was about the screen left behind.
    get().pressAccepted()
    if (screen === 'settings') void Promise.all([get().loadBackends(), get().loadSigningKeys(), get().loadSlaLead()])
    if (screen === 'insights') void get().loadInsights()
    if (screen === 'undelivered') void get().loadUndelivered()
    if (screen === 'audit') void get().loadAudit()
  },

  moveListSelection(delta, length) {
    set({ listIndex: Math.max(0, Math.min(get().listIndex + delta, length - 1)) })
  },

  selectListItem(listIndex) {
    set({ listIndex })
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
    if (yes && confirmation) void showingFailure(get, `Could not ${confirmation.confirmLabel}`, async () => confirmation.onConfirm())
  },

  setOverlay(overlay) {
    set({ overlay })
  },

  toggleTriage() {
    set({ triage: !get().triage })
  },

  loadKeymap() {
    return showingFailure(get, 'Could not load your shortcuts', async () => set({ keymap: await bridge.getKeymap() }))
  },

  captureKeysFor(id) {
    set({ capturingKeysFor: id })
  },

  async bindKey(id, keys) {
    set({ capturingKeysFor: null })
    try {
      set({ keymap: await bridge.bindKey(id, keys) })
      const title = COMMAND_SPECS.find((spec) => spec.id === id)?.title ?? id
      get().showNotice(`Shortcut saved: ${title} is now ${keys}`)
    } catch (error) {
      get().showFailure('Shortcut not changed', error)
    }
  },

  resetKeymap() {
    return showingFailure(get, 'Shortcuts not reset', async () => {
      set({ keymap: await bridge.resetKeymap() })
      get().showNotice('Default shortcuts restored')
    })
  },

  setScreenReader(screenReader) {
    set({ screenReader })
  },

  setTextFocus(textFocus) {
    if (get().textFocus !== textFocus) set({ textFocus })
  }
})
